// braid::async_mutex: a mutex for coroutines. `co_await m.lock()` suspends the coroutine (not
// its thread) while another coroutine holds it; the holder may co_await anything while holding
// it. Ownership belongs to the coroutine activation that locked it: unlocking it from another
// one, or when it is not locked, is misuse. Waiters get it in FIFO order. Every lock and unlock
// is a scheduling point that synchronises like a mutex, and every co_await on it is an
// interleaving point of the thread's coroutines.
#pragma once

#include <coroutine>
#include <deque>
#include <string>
#include <utility>

#include "braid/task.hpp"

namespace braid {

class async_mutex {
 public:
  explicit async_mutex(const char* name = nullptr, detail::loc_t loc = detail::loc_t::current())
      : decl_{detail::ObjectKind::async_mutex, name, loc} {}
  async_mutex(const async_mutex&) = delete;
  async_mutex& operator=(const async_mutex&) = delete;

  // Unlocks on destruction (see scoped_lock()).
  class guard {
   public:
    explicit guard(async_mutex& m) : m_(&m) {}
    guard(guard&& o) noexcept : m_(std::exchange(o.m_, nullptr)) {}
    guard& operator=(guard&&) = delete;
    ~guard() {
      if (m_ != nullptr) m_->unlock();
    }

   private:
    async_mutex* m_;
  };

  auto lock(detail::loc_t loc = detail::loc_t::current()) { return awaiter<false>{*this, loc}; }
  // co_await m.scoped_lock() gives a guard that unlocks when it goes out of scope.
  auto scoped_lock(detail::loc_t loc = detail::loc_t::current()) { return awaiter<true>{*this, loc}; }

  void unlock(detail::loc_t loc = detail::loc_t::current()) {
    detail::coro_sync(handle_, decl_, detail::CoroOp::unlock, loc);
    detail::executor* ex = detail::executor::current();
    detail::promise_base* me = ex != nullptr ? ex->running() : nullptr;
    if (owner_ == nullptr) detail::misuse("a braid::async_mutex is unlocked while nobody holds it", loc);
    if (owner_ != me) detail::misuse("a braid::async_mutex is unlocked by a coroutine that does not hold it", loc);
    owner_ = nullptr;
    if (waiters_.empty()) return;
    owner_ = waiters_.front();
    waiters_.pop_front();
    locked_at_ = owner_->suspended_at;
    detail::make_ready(*owner_, loc);
  }

 private:
  template <bool Scoped>
  struct awaiter {
    async_mutex& m;
    detail::loc_t loc;
    bool await_ready() noexcept { return false; }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) {
      m.on_lock(detail::promise_of(h), loc);
    }
    auto await_resume() {
      if constexpr (Scoped) return guard(m);
    }
  };

  void on_lock(detail::promise_base& p, detail::loc_t loc) {
    std::string what = std::string("async_mutex '") + (decl_.name != nullptr ? decl_.name : "(unnamed)") + "'";
    if (owner_ != nullptr) {
      what += std::string(" (held by coroutine '") + owner_->declared.name + "' since " + detail::site_text(locked_at_) +
              ")";
    }
    p.suspend_at(loc, what);
    detail::coro_sync(handle_, decl_, detail::CoroOp::lock, loc);
    if (owner_ != nullptr) {
      waiters_.push_back(&p);
      return;  // made ready by the unlock that hands it over
    }
    owner_ = &p;
    locked_at_ = loc;
    detail::make_ready(p, loc);
  }

  detail::promise_base* owner_ = nullptr;
  detail::loc_t locked_at_;
  std::deque<detail::promise_base*> waiters_;
  detail::Handle handle_;
  detail::ObjectDecl decl_;
};

}  // namespace braid
