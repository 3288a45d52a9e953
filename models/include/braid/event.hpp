// braid::event: Python's threading.Event over the checker's waitable object. wait blocks until
// the flag is set; a set releases every thread waiting at that moment, even one that a later
// clear() would have stopped. set and clear synchronise with the waits and is_set calls that
// see their effect. wait_for / wait_until use modelled time: no real time passes and the
// duration is not looked at; while the event stays clear the wait may time out at any point (an
// explored choice), and they return false then, true once the event opened for the waiter.
#pragma once

#include <chrono>
#include <source_location>

#include "braid/detail/runtime_api.hpp"

namespace braid {

class event {
 public:
  explicit event(const char* name = nullptr, std::source_location declared_at = std::source_location::current())
      : decl_{detail::ObjectKind::event, name, declared_at, 1, 1} {}  // clear: one set() from open
  event(const event&) = delete;
  event& operator=(const event&) = delete;

  void set(std::source_location loc = std::source_location::current()) { detail::event_set(handle_, decl_, loc); }
  void clear(std::source_location loc = std::source_location::current()) { detail::event_clear(handle_, decl_, loc); }
  bool is_set(std::source_location loc = std::source_location::current()) const {
    return detail::event_is_set(handle_, decl_, loc);
  }
  void wait(std::source_location loc = std::source_location::current()) const {
    detail::event_wait(handle_, decl_, loc);
  }
  template <class Rep, class Period>
  bool wait_for(const std::chrono::duration<Rep, Period>& /*rel_time*/,
                std::source_location loc = std::source_location::current()) const {
    return detail::event_wait_timed(handle_, decl_, loc);
  }
  template <class Clock, class Duration>
  bool wait_until(const std::chrono::time_point<Clock, Duration>& /*abs_time*/,
                  std::source_location loc = std::source_location::current()) const {
    return detail::event_wait_timed(handle_, decl_, loc);
  }

 private:
  detail::ObjectDecl decl_;
  mutable detail::Handle handle_;
};

}  // namespace braid
