// C++20 coroutines under the checker: braid::task<T>, braid::block_on, braid::spawn,
// braid::join_all, co_await braid::yield() and braid::sleep (modelled time).
//
// A modelled thread runs coroutines inside block_on(task): its executor resumes one ready
// coroutine at a time, and which ready coroutine goes next is a choice the checker explores, so
// every co_await on a Braid awaitable is an interleaving point (even one that could go on at
// once). Coroutines of different threads meet through braid::channel and braid::async_mutex.
#pragma once

#include <chrono>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "braid/detail/coro_executor.hpp"

namespace braid {

template <class T = void>
class task;

namespace detail {

template <class T>
struct task_value {
  std::optional<T> value;
  template <class U>
  void return_value(U&& v) {
    value.emplace(std::forward<U>(v));
  }
  T take() { return std::move(*value); }
};
template <>
struct task_value<void> {
  void return_void() {}
  void take() {}
};

// Completion: the executor learns it and makes the parent (or the joiners) ready; control goes
// back to the executor's loop, never straight into another coroutine.
struct final_awaiter {
  bool await_ready() noexcept { return false; }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) noexcept {
    promise_base& p = h.promise();
    p.ex->finished(p);
  }
  void await_resume() noexcept {}
};

}  // namespace detail

// A lazy coroutine returning T. Start it with co_await (from another task), braid::spawn or
// braid::block_on. Move-only; destroying a task destroys its frame.
template <class T>
class [[nodiscard]] task {
 public:
  struct promise_type : detail::promise_base, detail::task_value<T> {
    // NOLINTNEXTLINE(google-explicit-constructor): the compiler default-constructs promises
    promise_type(detail::loc_t loc = detail::loc_t::current()) : promise_base(loc) {
      self = std::coroutine_handle<promise_type>::from_promise(*this);
    }
    task get_return_object() { return task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    detail::final_awaiter final_suspend() noexcept { return {}; }
    void unhandled_exception() { error = std::current_exception(); }
  };

  task(task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  task& operator=(task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~task() {
    if (h_) h_.destroy();
  }

  // co_await a task: it runs at once on the awaiting coroutine's executor; the awaiting
  // coroutine becomes ready again when it completes. Returns its value or rethrows.
  struct awaiter {
    std::coroutine_handle<promise_type> child;
    bool await_ready() noexcept { return false; }
    // why noinline: the return address is then in the awaiting coroutine, at its co_await.
    template <class P>
    [[gnu::noinline]] std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) {
      detail::promise_base& parent = detail::promise_of(h);
      parent.suspend_at(child.promise().declared.declared_at,
                        std::string("task '") + child.promise().declared.name + "'", __builtin_return_address(0));
      child.promise().parent = &parent;
      parent.ex->start_inline(child.promise());
      return child;
    }
    T await_resume() { return task::result_of(child.promise()); }
  };
  awaiter operator co_await() && { return awaiter{h_}; }

  // For block_on and spawn.
  promise_type& promise() { return h_.promise(); }
  static T result_of(promise_type& p) {
    if (p.error) std::rethrow_exception(p.error);
    return p.take();
  }

 private:
  explicit task(std::coroutine_handle<promise_type> h) : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

// Runs `t` and every coroutine it starts on the calling modelled thread until `t` completes;
// returns its value or rethrows its exception. Coroutines still suspended then are abandoned.
template <class T>
T block_on(task<T> t, detail::loc_t loc = detail::loc_t::current()) {
  detail::executor ex(loc);
  ex.run(t.promise());
  return task<T>::result_of(t.promise());
}

// Suspends the calling coroutine; every other ready coroutine may run before it resumes.
struct yield_awaiter {
  detail::loc_t loc;
  const char* what;
  bool await_ready() noexcept { return false; }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    detail::promise_base& p = detail::promise_of(h);
    p.suspend_at(loc, what);
    detail::make_ready(p, loc);
  }
  void await_resume() noexcept {}
};
inline yield_awaiter yield(detail::loc_t loc = detail::loc_t::current()) { return {loc, "yield"}; }

// Modelled time: no real time passes and the duration is not compared with other sleeps, so
// any other ready coroutine may run first, or none (as with yield).
template <class Rep, class Period>
yield_awaiter sleep(std::chrono::duration<Rep, Period> /*d*/, detail::loc_t loc = detail::loc_t::current()) {
  return {loc, "sleep"};
}

namespace detail {

template <class T>
struct join_state final : join_state_base {
  explicit join_state(task<T> t) : body(std::move(t)) {}
  promise_base& promise() override { return body.promise(); }
  task<T> body;
  bool taken = false;
};

// Suspends the awaiting coroutine until every task in `states` has completed (at once ready
// again when all have), then rethrows the first exception among them.
struct join_all_awaiter {
  std::vector<join_state_base*> states;
  loc_t loc;
  std::size_t left = 0;
  bool await_ready() noexcept { return false; }
  template <class P>
  void await_suspend(std::coroutine_handle<P> h) {
    promise_base& p = promise_of(h);
    p.suspend_at(loc, states.size() == 1 ? std::string("spawned task '") + states[0]->promise().declared.name + "'"
                                         : std::to_string(states.size()) + " spawned tasks (join_all)");
    for (join_state_base* s : states) {
      if (!s->promise().done) ++left;
    }
    if (left == 0) {
      make_ready(p, loc);
      return;
    }
    for (join_state_base* s : states) {
      if (!s->promise().done) s->waiters.push_back(join_state_base::waiter{&p, &left});
    }
  }
  void await_resume() {
    for (join_state_base* s : states) {
      if (s->promise().error) std::rethrow_exception(s->promise().error);
    }
  }
};

}  // namespace detail

// What spawn returns: co_await it for the task's value (once), or wait() for its completion.
template <class T>
class join_handle {
 public:
  explicit join_handle(std::shared_ptr<detail::join_state<T>> s) : s_(std::move(s)) {}

  auto operator co_await() const { return get(); }
  // The task's value (or its exception), once it completes; taking it twice is misuse.
  auto get(detail::loc_t loc = detail::loc_t::current()) const {
    struct awaiter : detail::join_all_awaiter {
      detail::join_state<T>* s;
      T await_resume() {
        if (s->taken) detail::misuse("the value of a spawned task is taken twice (join_handle::get)", loc);
        s->taken = true;
        return task<T>::result_of(s->body.promise());
      }
    };
    return awaiter{{{s_.get()}, loc}, s_.get()};
  }
  // Waits for completion without taking the value (rethrows its exception).
  detail::join_all_awaiter wait(detail::loc_t loc = detail::loc_t::current()) const { return {{s_.get()}, loc}; }
  bool done() const { return s_->body.promise().done; }
  detail::join_state_base* state() const { return s_.get(); }

 private:
  std::shared_ptr<detail::join_state<T>> s_;
};

// Starts `t` on the calling thread's executor: it runs concurrently with the caller, which goes
// on at once. Only inside block_on.
template <class T>
join_handle<T> spawn(task<T> t, detail::loc_t loc = detail::loc_t::current()) {
  detail::executor* ex = detail::executor::current();
  if (ex == nullptr) throw usage_error("braid::spawn used outside braid::block_on: coroutines run on an executor");
  auto s = std::make_shared<detail::join_state<T>>(std::move(t));
  s->body.promise().joiner = s.get();
  ex->adopt(s);
  ex->schedule(s->body.promise(), loc);
  return join_handle<T>(s);
}

// co_await join_all(a, b, ...) (or a std::vector of handles): waits until every task completes,
// in any order, suspending once; rethrows the first exception among them.
template <class... T>
struct join_all : detail::join_all_awaiter {
  explicit join_all(const join_handle<T>&... handles, detail::loc_t loc = detail::loc_t::current())
      : join_all_awaiter{{handles.state()...}, loc} {}
  template <class U>
  explicit join_all(const std::vector<join_handle<U>>& handles, detail::loc_t loc = detail::loc_t::current())
      : join_all_awaiter{{}, loc} {
    for (const join_handle<U>& h : handles) states.push_back(h.state());
  }
};
template <class... T>
join_all(const join_handle<T>&...) -> join_all<T...>;
template <class U>
join_all(const std::vector<join_handle<U>>&) -> join_all<>;

}  // namespace braid
