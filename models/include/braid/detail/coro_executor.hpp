// The machinery under braid::task (braid/task.hpp): what every Braid coroutine's promise holds,
// and the executor that runs one modelled thread's coroutines. The executor resumes one ready
// coroutine at a time; which one is a choice the checker explores (detail::coro_choose), so the
// order of ready coroutines is part of every interleaving. Coroutines never run on their own: a
// modelled thread runs them inside braid::block_on.
#pragma once

#include <algorithm>
#include <coroutine>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "braid/detail/runtime_api.hpp"

namespace braid::detail {

class executor;

struct promise_base;

// What a spawned task's join handles and its executor share (see braid::spawn).
struct join_state_base {
  // A coroutine waiting for the task; with `left`, it waits for several (join_all) and becomes
  // ready when the last of them completes.
  struct waiter {
    promise_base* p;
    std::size_t* left;
  };
  virtual ~join_state_base() = default;
  virtual promise_base& promise() = 0;
  void completed();  // the task finished: its waiters learn it
  std::vector<waiter> waiters;
};

// The part of a coroutine's promise the executor and the awaitables use.
struct promise_base {
  // why a source_location default argument: the compiler constructs the promise at the start
  // of the coroutine function, so `loc` names that function (its signature and first line).
  explicit promise_base(loc_t loc) : declared{ObjectKind::coroutine, loc.function_name(), loc}, suspended_at(loc) {}
  promise_base(const promise_base&) = delete;
  promise_base& operator=(const promise_base&) = delete;

  // Records that the coroutine suspends at `loc` (or return address `pc`), waiting for `what`
  // (for deadlock reports).
  void suspend_at(loc_t loc, std::string what, const void* pc = nullptr) {
    suspended_at = loc;
    suspended_pc = pc;
    awaiting = std::move(what);
    coro_suspended(activation, declared, loc, pc);
  }

  ObjectDecl declared;  // the activation as the checker names it: by its function
  Handle activation;
  std::coroutine_handle<> self;
  executor* ex = nullptr;              // set when it first runs
  promise_base* parent = nullptr;      // who co_awaits it: made ready when it completes
  join_state_base* joiner = nullptr;   // set for a spawned task
  std::exception_ptr error;
  std::string awaiting;  // while suspended: what it waits for, in words
  loc_t suspended_at;
  const void* suspended_pc = nullptr;  // the co_await of a task: its return address (see task.hpp)
  bool done = false;
};

// "file.cpp:12" (the file's base name), for messages.
inline std::string site_text(loc_t loc) {
  std::string file = loc.file_name();
  return file.substr(file.rfind('/') + 1) + ":" + std::to_string(loc.line());
}

// A co_await inside a Braid coroutine needs its promise: every Braid awaitable asks for it.
template <class P>
promise_base& promise_of(std::coroutine_handle<P> h) {
  static_assert(std::is_base_of_v<promise_base, P>,
                "Braid awaitables (braid::yield, channel, async_mutex, ...) work only inside a braid::task coroutine");
  return h.promise();
}

class executor {
 public:
  explicit executor(loc_t loc) : decl_{ObjectKind::executor, "coroutine executor", loc, 0, 1}, loc_(loc) {}
  executor(const executor&) = delete;
  executor& operator=(const executor&) = delete;

  // The executor running on the calling modelled thread, or nullptr.
  static executor* current() { return static_cast<executor*>(coro_executor_slot()); }
  // The coroutine being resumed right now on this executor.
  promise_base* running() const { return running_; }

  // Makes `p` ready. Called on the executor's own thread or, for a coroutine another thread's
  // channel send or unlock woke, on that thread: then an idle executor's thread is woken too.
  void schedule(promise_base& p, loc_t loc) {
    enter(p);
    ready_.push_back(&p);
    if (idle_ && !woken_) {
      woken_ = true;
      coro_wake(handle_, decl_, loc);
    }
  }

  // `child` starts running inside the current resume (a co_await of a task): it belongs here.
  void start_inline(promise_base& child) {
    enter(child);
    running_ = &child;
    coro_resumed(child.activation, child.declared, child.suspended_at);
  }

  // Keeps a spawned task's shared state (and so its frame) alive until this executor ends.
  void adopt(std::shared_ptr<join_state_base> s) { spawned_.push_back(std::move(s)); }

  // Runs ready coroutines until `root` completes. invariant: one executor per thread at a time.
  void run(promise_base& root) {
    void*& slot = coro_executor_slot();
    void* outer = slot;
    slot = this;
    schedule(root, loc_);
    while (!root.done) {
      if (ready_.empty()) {
        idle();
        continue;
      }
      std::size_t i = coro_choose(handle_, decl_, ready_.size(), loc_);
      promise_base* p = ready_[i];
      ready_.erase(ready_.begin() + static_cast<std::ptrdiff_t>(i));
      resume(*p);
    }
    slot = outer;
  }

  // A coroutine finished: its parent (a co_await of it) becomes ready, its joiners learn it.
  void finished(promise_base& p) {
    p.done = true;
    std::erase(live_, &p);
    if (p.parent != nullptr) schedule(*p.parent, p.suspended_at);
    if (p.joiner != nullptr) p.joiner->completed();
  }

 private:
  void enter(promise_base& p) {
    if (p.ex == this) return;
    p.ex = this;
    live_.push_back(&p);
  }

  void resume(promise_base& p) {
    running_ = &p;
    coro_resumed(p.activation, p.declared, p.suspended_at, p.suspended_pc);
    p.awaiting.clear();
    p.self.resume();
    running_ = nullptr;
  }

  // No coroutine is ready: the thread blocks until another thread makes one ready.
  void idle() {
    std::string what;
    for (const promise_base* p : live_) {
      if (p->done || std::find(ready_.begin(), ready_.end(), p) != ready_.end()) continue;
      if (!what.empty()) what += "; ";
      what += "coroutine '" + std::string(p->declared.name) + "' awaits " + p->awaiting + " at " +
              site_text(p->suspended_at);
    }
    idle_ = true;
    coro_idle(handle_, decl_, what.c_str(), loc_);
    idle_ = false;
    woken_ = false;
  }

  Handle handle_;
  ObjectDecl decl_;
  loc_t loc_;
  std::deque<promise_base*> ready_;
  std::vector<promise_base*> live_;  // started and not finished
  std::vector<std::shared_ptr<join_state_base>> spawned_;
  promise_base* running_ = nullptr;
  bool idle_ = false;
  bool woken_ = false;  // a wake-up is on its way: no second one (the count stays within 1)
};

// Makes `p` ready on its own executor (woken by an operation of the calling coroutine or thread).
inline void make_ready(promise_base& p, loc_t loc) { p.ex->schedule(p, loc); }

inline void join_state_base::completed() {
  for (const waiter& w : waiters) {
    if (w.left == nullptr || --*w.left == 0) make_ready(*w.p, promise().suspended_at);
  }
  waiters.clear();
}

}  // namespace braid::detail
