// braid::promise<T>, braid::future<T> and braid::async: std's one-shot channel, on braid::mutex
// and braid::condition_variable (so waiting for a value is explored like any other wait).
// As in std: an exception set on the promise (or thrown by an async function) is rethrown by
// get(); a promise destroyed without a value makes get() throw std::future_error
// (broken_promise), which a test that does not catch it reports as uncaught_exception. Calling
// get() twice is reported as misuse. async always starts a new braid::thread (std::launch::async)
// and the future joins it.
#pragma once

#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <source_location>
#include <type_traits>
#include <utility>

#include "braid/condition_variable.hpp"
#include "braid/detail/runtime_api.hpp"
#include "braid/mutex.hpp"
#include "braid/thread.hpp"

namespace braid {

namespace detail {

template <class T>
struct future_state {
  mutex m;
  condition_variable cv;
  bool ready = false;  // guarded by m
  std::optional<T> value;
  std::exception_ptr error;
  thread runner;  // async: the thread computing the value (joined by the future)
};

template <>
struct future_state<void> {
  mutex m;
  condition_variable cv;
  bool ready = false;
  std::optional<bool> value;
  std::exception_ptr error;
  thread runner;
};

}  // namespace detail

template <class T>
class future {
  using loc_t = std::source_location;

 public:
  future() = default;
  future(future&&) noexcept = default;
  future& operator=(future&&) noexcept = default;
  ~future() { join_runner(loc_t::current()); }

  bool valid() const noexcept { return state_ != nullptr; }

  // Waits for the value; rethrows a stored exception. The future is empty afterwards.
  T get(loc_t loc = loc_t::current()) {
    if (!state_) detail::misuse("future::get() on a future with no state (get() called twice, or moved from)", loc);
    wait(loc);
    join_runner(loc);
    std::shared_ptr<detail::future_state<T>> s = std::move(state_);
    if (s->error) std::rethrow_exception(s->error);
    if constexpr (!std::is_void_v<T>) return std::move(*s->value);
  }

  void wait(loc_t loc = loc_t::current()) const {
    if (!state_) detail::misuse("future::wait() on a future with no state", loc);
    std::unique_lock<mutex> l(state_->m, loc);
    while (!state_->ready) state_->cv.wait(l, loc);
  }

 private:
  template <class>
  friend class promise;
  template <class F, class... Args>
  friend auto async(F&& f, Args&&... args);
  explicit future(std::shared_ptr<detail::future_state<T>> s) : state_(std::move(s)) {}
  void join_runner(loc_t loc) {
    if (state_ && state_->runner.joinable()) state_->runner.join(loc);
  }

  std::shared_ptr<detail::future_state<T>> state_;
};

template <class T>
class promise {
  using loc_t = std::source_location;

 public:
  promise() : state_(std::make_shared<detail::future_state<T>>()) {}
  promise(promise&&) noexcept = default;
  promise& operator=(promise&&) noexcept = default;
  promise(const promise&) = delete;
  promise& operator=(const promise&) = delete;
  ~promise() {
    // A promise that dies without a value breaks it: get() throws, as with std::promise.
    if (state_ && !satisfied_ && state_.use_count() > 1) {
      set(std::nullopt, std::make_exception_ptr(std::future_error(std::future_errc::broken_promise)), loc_t::current());
    }
  }

  future<T> get_future(loc_t loc = loc_t::current()) {
    if (retrieved_) detail::misuse("promise::get_future() called twice", loc);
    retrieved_ = true;
    return future<T>(state_);
  }

  template <class U = T>
    requires(!std::is_void_v<U>)
  void set_value(U v, loc_t loc = loc_t::current()) {
    set(std::move(v), nullptr, loc);
  }
  void set_value(loc_t loc = loc_t::current())
    requires std::is_void_v<T>
  {
    set(true, nullptr, loc);
  }
  void set_exception(std::exception_ptr e, loc_t loc = loc_t::current()) { set(std::nullopt, std::move(e), loc); }

 private:
  using stored_t = std::conditional_t<std::is_void_v<T>, bool, T>;
  void set(std::optional<stored_t> v, std::exception_ptr e, loc_t loc) {
    if (satisfied_) detail::misuse("promise satisfied twice (set_value or set_exception called again)", loc);
    satisfied_ = true;
    std::unique_lock<mutex> l(state_->m, loc);
    state_->value = std::move(v);
    state_->error = std::move(e);
    state_->ready = true;
    state_->cv.notify_all(loc);
  }

  std::shared_ptr<detail::future_state<T>> state_;
  bool satisfied_ = false;
  bool retrieved_ = false;
};

// Runs f(args...) on a new braid::thread; the future gets its result or exception.
template <class F, class... Args>
auto async(F&& f, Args&&... args) {
  using R = std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>;
  auto p = std::make_shared<promise<R>>();
  future<R> fut = p->get_future();
  auto state = fut.state_;
  state->runner = thread([p, fn = std::forward<F>(f), ... a = std::forward<Args>(args)]() mutable {
    try {
      if constexpr (std::is_void_v<R>) {
        std::invoke(fn, a...);
        p->set_value();
      } else {
        p->set_value(std::invoke(fn, a...));
      }
    } catch (...) {
      p->set_exception(std::current_exception());
    }
  });
  return fut;
}

}  // namespace braid
