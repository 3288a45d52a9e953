// braid::event: Python's threading.Event over the checker's waitable object. wait blocks until
// the flag is set; a set releases every thread waiting at that moment, even one that a later
// clear() would have stopped. set and clear synchronise with the waits and is_set calls that
// see their effect.
#pragma once

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

 private:
  detail::ObjectDecl decl_;
  mutable detail::Handle handle_;
};

}  // namespace braid
