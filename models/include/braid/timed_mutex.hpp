// braid::timed_mutex: std::timed_mutex's interface. No real time passes in a Braid test: a
// try_lock_for / try_lock_until is a scheduling point that can always run, and what it returns
// depends on when the scheduler runs it: while another thread holds the mutex it times out
// (false), once the mutex is free it acquires it (true). Both outcomes are explored, and a thread
// in a timed lock is never part of a deadlock. The duration or time point itself is not looked
// at. A timed lock by the thread that already holds the mutex times out (std: undefined).
#pragma once

#include <chrono>
#include <source_location>

#include "braid/mutex.hpp"

namespace braid {

class timed_mutex : public detail::basic_mutex<detail::ObjectKind::timed_mutex> {
 public:
  using basic_mutex::basic_mutex;

  template <class Rep, class Period>
  bool try_lock_for(const std::chrono::duration<Rep, Period>& /*timeout*/,
                    detail::loc_t loc = detail::loc_t::current()) {
    return detail::mutex_try_lock_timed(handle_, decl_, loc);
  }
  template <class Clock, class Duration>
  bool try_lock_until(const std::chrono::time_point<Clock, Duration>& /*deadline*/,
                      detail::loc_t loc = detail::loc_t::current()) {
    return detail::mutex_try_lock_timed(handle_, decl_, loc);
  }
};

}  // namespace braid

#include "braid/std_locks.hpp"
