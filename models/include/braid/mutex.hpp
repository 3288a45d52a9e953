// braid::mutex and braid::recursive_mutex: std::mutex's interface over the checker's waitable
// object. Re-locking a braid::mutex its owner holds is reported as self_deadlock; unlocking one
// the caller does not hold is reported as misuse.
#pragma once

#include <source_location>

#include "braid/detail/runtime_api.hpp"

namespace braid {

class condition_variable;

namespace detail {

template <ObjectKind Kind>
class basic_mutex {
 public:
  explicit basic_mutex(const char* name = nullptr, loc_t declared_at = loc_t::current())
      : decl_{Kind, name, declared_at} {}
  basic_mutex(const basic_mutex&) = delete;
  basic_mutex& operator=(const basic_mutex&) = delete;

  void lock(loc_t loc = loc_t::current()) { mutex_lock(handle_, decl_, loc); }
  bool try_lock(loc_t loc = loc_t::current()) { return mutex_try_lock(handle_, decl_, loc); }
  void unlock(loc_t loc = loc_t::current()) { mutex_unlock(handle_, decl_, loc); }

 protected:
  friend class braid::condition_variable;
  ObjectDecl decl_;
  Handle handle_;
};

}  // namespace detail

class mutex : public detail::basic_mutex<detail::ObjectKind::mutex> {
  using basic_mutex::basic_mutex;
};

class recursive_mutex : public detail::basic_mutex<detail::ObjectKind::recursive_mutex> {
  using basic_mutex::basic_mutex;
};

}  // namespace braid

#include "braid/std_locks.hpp"
