// braid::thread and braid::this_thread: std::thread's interface over modelled threads.
#pragma once

#include <chrono>

#include <cstdint>
#include <functional>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include "braid/detail/runtime_api.hpp"

namespace braid {

class thread {
 public:
  // Modelled thread ids: 0 is the test body, then 1, 2, ... in creation order.
  class id {
   public:
    id() = default;
    explicit id(std::uint32_t v) : value_(v + 1) {}
    auto operator<=>(const id&) const = default;
    std::uint32_t value() const { return value_ - 1; }
    bool valid() const { return value_ != 0; }

   private:
    std::uint32_t value_ = 0;  // 0 = "no thread"
  };

  thread() = default;

  // A body with no arguments (the common case: a lambda). Taking it as a type-erased value
  // lets the constructor default its source location to the caller's line.
  class body {
   public:
    template <class F>
      requires(!std::is_same_v<std::remove_cvref_t<F>, body> && std::is_invocable_v<std::decay_t<F>&>)
    body(F&& f) : task_(make(std::forward<F>(f))) {}  // NOLINT(google-explicit-constructor)
    std::unique_ptr<detail::Task> release() && { return std::move(task_); }

   private:
    template <class F>
    static std::unique_ptr<detail::Task> make(F&& f) {
      struct Impl final : detail::Task {
        explicit Impl(std::decay_t<F> fn) : fn(std::move(fn)) {}
        void run() override { std::invoke(fn); }
        std::decay_t<F> fn;
      };
      return std::make_unique<Impl>(std::forward<F>(f));
    }
    std::unique_ptr<detail::Task> task_;
  };

  explicit thread(body fn, std::source_location loc = std::source_location::current()) {
    start(std::move(fn).release(), loc);
  }

  // A body with arguments, bound by value as std::thread does. The source location is this
  // header's; name the call site with a lambda instead when it matters in reports.
  template <class F, class... Args>
    requires(sizeof...(Args) > 0)
  explicit thread(F&& f, Args&&... args) {
    auto bound = [fn = std::decay_t<F>(std::forward<F>(f)),
                  tup = std::make_tuple(std::decay_t<Args>(std::forward<Args>(args))...)]() mutable {
      std::apply([&fn](auto&... a) { std::invoke(fn, std::move(a)...); }, tup);
    };
    start(body(std::move(bound)).release(), std::source_location::current());
  }

  thread(const thread&) = delete;
  thread& operator=(const thread&) = delete;
  thread(thread&& other) noexcept { swap(other); }
  thread& operator=(thread&& other) noexcept {
    if (joinable_) detail::thread_dropped(tid_, generation_, std::source_location::current());
    joinable_ = false;
    swap(other);
    return *this;
  }
  ~thread() {
    if (joinable_) detail::thread_dropped(tid_, generation_, std::source_location::current());
  }

  bool joinable() const noexcept { return joinable_; }
  id get_id() const noexcept { return joinable_ ? id(tid_) : id(); }

  void join(std::source_location loc = std::source_location::current()) {
    detail::thread_join(tid_, joinable_ ? generation_ : 0, loc);
    joinable_ = false;
  }
  // Declares the thread a daemon (as in Python): it may still be running when the test ends,
  // which is otherwise reported as leaked_thread. Call it before detach().
  void daemon(std::source_location loc = std::source_location::current()) {
    detail::thread_daemon(tid_, joinable_ ? generation_ : 0, loc);
  }
  void detach(std::source_location loc = std::source_location::current()) {
    detail::thread_detach(tid_, joinable_ ? generation_ : 0, loc);
    joinable_ = false;
  }
  void swap(thread& other) noexcept {
    std::swap(tid_, other.tid_);
    std::swap(generation_, other.generation_);
    std::swap(joinable_, other.joinable_);
  }

 private:
  void start(std::unique_ptr<detail::Task> task, std::source_location loc) {
    tid_ = detail::thread_spawn(std::move(task), loc);
    generation_ = detail::current_generation();
    joinable_ = true;
  }

  std::uint32_t tid_ = 0;
  std::uint64_t generation_ = 0;
  bool joinable_ = false;
};

namespace this_thread {
inline thread::id get_id() { return thread::id(detail::current_thread()); }
inline void yield(std::source_location loc = std::source_location::current()) { detail::yield(loc); }
// Modelled time: no real time passes; every other thread that can run may run first.
template <class Rep, class Period>
void sleep_for(const std::chrono::duration<Rep, Period>& /*d*/,
               std::source_location loc = std::source_location::current()) {
  detail::sleep(loc);
}
template <class Clock, class Duration>
void sleep_until(const std::chrono::time_point<Clock, Duration>& /*t*/,
                 std::source_location loc = std::source_location::current()) {
  detail::sleep(loc);
}
}  // namespace this_thread

}  // namespace braid
