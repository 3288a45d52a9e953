// braid::condition_variable: std::condition_variable over braid::mutex. notify_one wakes one
// waiter chosen by the checker; a spurious wake-up is an explored choice (Options::spurious_wakeups
// per execution), so code that waits without a predicate loop is caught.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <source_location>
#include <utility>

#include "braid/detail/runtime_api.hpp"
#include "braid/mutex.hpp"

namespace braid {

class condition_variable {
 public:
  explicit condition_variable(const char* name = nullptr,
                              std::source_location declared_at = std::source_location::current())
      : decl_{detail::ObjectKind::condition_variable, name, declared_at} {}
  condition_variable(const condition_variable&) = delete;
  condition_variable& operator=(const condition_variable&) = delete;

  void notify_one(std::source_location loc = std::source_location::current()) {
    detail::cv_notify(handle_, decl_, false, loc);
  }
  void notify_all(std::source_location loc = std::source_location::current()) {
    detail::cv_notify(handle_, decl_, true, loc);
  }

  void wait(std::unique_lock<mutex>& lock, std::source_location loc = std::source_location::current()) {
    mutex& m = *lock.mutex();
    detail::cv_wait(handle_, decl_, m.handle_, m.decl_, loc);
  }

  template <class Predicate>
  void wait(std::unique_lock<mutex>& lock, Predicate pred, std::source_location loc = std::source_location::current()) {
    while (!pred()) wait(lock, loc);
  }

  // Modelled time: the duration is not used. The wait ends when notified, or when its time runs
  // out, which the checker may choose at any point (both are explored); never a real sleep.
  template <class Rep, class Period>
  std::cv_status wait_for(std::unique_lock<mutex>& lock, const std::chrono::duration<Rep, Period>& /*d*/,
                          std::source_location loc = std::source_location::current()) {
    return timed_wait(lock, loc);
  }
  template <class Clock, class Duration>
  std::cv_status wait_until(std::unique_lock<mutex>& lock, const std::chrono::time_point<Clock, Duration>& /*t*/,
                            std::source_location loc = std::source_location::current()) {
    return timed_wait(lock, loc);
  }
  // As std: true when pred() holds, false when the time ran out with pred() still false.
  template <class Rep, class Period, class Predicate>
  bool wait_for(std::unique_lock<mutex>& lock, const std::chrono::duration<Rep, Period>& d, Predicate pred,
                std::source_location loc = std::source_location::current()) {
    while (!pred()) {
      if (wait_for(lock, d, loc) == std::cv_status::timeout) return pred();
    }
    return true;
  }
  template <class Clock, class Duration, class Predicate>
  bool wait_until(std::unique_lock<mutex>& lock, const std::chrono::time_point<Clock, Duration>& t, Predicate pred,
                  std::source_location loc = std::source_location::current()) {
    while (!pred()) {
      if (wait_until(lock, t, loc) == std::cv_status::timeout) return pred();
    }
    return true;
  }

 private:
  std::cv_status timed_wait(std::unique_lock<mutex>& lock, std::source_location loc) {
    mutex& m = *lock.mutex();
    return detail::cv_wait_timed(handle_, decl_, m.handle_, m.decl_, loc) ? std::cv_status::no_timeout
                                                                          : std::cv_status::timeout;
  }

  detail::ObjectDecl decl_;
  detail::Handle handle_;
};

}  // namespace braid
