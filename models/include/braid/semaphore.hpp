// braid::counting_semaphore, braid::binary_semaphore (std's interface) and braid::bounded_semaphore
// over the checker's waitable object. acquire blocks while no permit is left; a release
// synchronises with the acquire that takes its permit. A release above max() (std: undefined
// behaviour) or, for a bounded_semaphore, above its initial count is reported as misuse.
// try_acquire_for / try_acquire_until use modelled time: no real time passes and the duration is
// not looked at; the call can always run, and what it returns depends on when the scheduler runs
// it (a permit left: taken, true; none left: timed out, false). Both outcomes are explored.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <source_location>

#include "braid/detail/runtime_api.hpp"

namespace braid {

namespace detail {

class basic_semaphore {
 public:
  basic_semaphore(const basic_semaphore&) = delete;
  basic_semaphore& operator=(const basic_semaphore&) = delete;

  void acquire(loc_t loc = loc_t::current()) { semaphore_acquire(handle_, decl_, loc); }
  bool try_acquire(loc_t loc = loc_t::current()) { return semaphore_try_acquire(handle_, decl_, loc); }
  template <class Rep, class Period>
  bool try_acquire_for(const std::chrono::duration<Rep, Period>& /*rel_time*/, loc_t loc = loc_t::current()) {
    return semaphore_try_acquire_timed(handle_, decl_, loc);
  }
  template <class Clock, class Duration>
  bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& /*abs_time*/, loc_t loc = loc_t::current()) {
    return semaphore_try_acquire_timed(handle_, decl_, loc);
  }
  void release(std::ptrdiff_t update = 1, loc_t loc = loc_t::current()) {
    semaphore_release(handle_, decl_, update, loc);
  }

 protected:
  basic_semaphore(ObjectKind kind, std::ptrdiff_t desired, std::int64_t bound, const char* name, loc_t declared_at)
      : decl_{kind, name, declared_at, desired, bound} {}
  ~basic_semaphore() = default;

 private:
  ObjectDecl decl_;
  Handle handle_;
};

}  // namespace detail

template <std::ptrdiff_t LeastMaxValue = PTRDIFF_MAX>
class counting_semaphore : public detail::basic_semaphore {
  static_assert(LeastMaxValue >= 0);

 public:
  explicit counting_semaphore(std::ptrdiff_t desired, const char* name = nullptr,
                              std::source_location declared_at = std::source_location::current())
      : basic_semaphore(
            LeastMaxValue == 1 ? detail::ObjectKind::binary_semaphore : detail::ObjectKind::counting_semaphore, desired,
            LeastMaxValue, name, declared_at) {}

  static constexpr std::ptrdiff_t max() noexcept { return LeastMaxValue; }
};

using binary_semaphore = counting_semaphore<1>;

// A counting semaphore that never holds more permits than it started with: releasing one that
// was not acquired is misuse (Python's threading.BoundedSemaphore).
class bounded_semaphore : public detail::basic_semaphore {
 public:
  explicit bounded_semaphore(std::ptrdiff_t desired, const char* name = nullptr,
                             std::source_location declared_at = std::source_location::current())
      : basic_semaphore(detail::ObjectKind::bounded_semaphore, desired, desired, name, declared_at) {}
};

}  // namespace braid
