// braid::condition_variable: std::condition_variable over braid::mutex. notify_one wakes one
// waiter chosen by the checker; a spurious wake-up is an explored choice (Options::spurious_wakeups
// per execution), so code that waits without a predicate loop is caught.
#pragma once

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

 private:
  detail::ObjectDecl decl_;
  detail::Handle handle_;
};

}  // namespace braid
