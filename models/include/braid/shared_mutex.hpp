// braid::shared_mutex: std::shared_mutex's interface over the checker's waitable object, which
// has either one exclusive owner or any number of readers. A shared lock waits only while a thread
// holds it exclusively: there is no writer preference (a waiting writer does not hold readers
// back), so every order of readers and writers that std allows is explored. Unlocking it in a mode
// the caller does not hold is misuse; locking it exclusively while holding it (in either mode),
// or shared while holding it exclusively, is a self_deadlock. std::shared_lock, std::unique_lock
// and std::lock_guard work over it and report the user's line.
#pragma once

#include <source_location>

#include "braid/detail/runtime_api.hpp"

namespace braid {

class shared_mutex {
 public:
  explicit shared_mutex(const char* name = nullptr, detail::loc_t declared_at = detail::loc_t::current())
      : decl_{detail::ObjectKind::shared_mutex, name, declared_at} {}
  shared_mutex(const shared_mutex&) = delete;
  shared_mutex& operator=(const shared_mutex&) = delete;

  // Exclusive side: waits while a thread holds it exclusively or any reader holds it.
  void lock(detail::loc_t loc = detail::loc_t::current()) { detail::mutex_lock(handle_, decl_, loc); }
  bool try_lock(detail::loc_t loc = detail::loc_t::current()) { return detail::mutex_try_lock(handle_, decl_, loc); }
  void unlock(detail::loc_t loc = detail::loc_t::current()) { detail::mutex_unlock(handle_, decl_, loc); }

  // Shared side: waits while a thread holds it exclusively. A thread may hold it shared more than
  // once (std: undefined behaviour; here each lock_shared needs its own unlock_shared).
  void lock_shared(detail::loc_t loc = detail::loc_t::current()) {
    detail::shared_mutex_lock_shared(handle_, decl_, loc);
  }
  bool try_lock_shared(detail::loc_t loc = detail::loc_t::current()) {
    return detail::shared_mutex_try_lock_shared(handle_, decl_, loc);
  }
  void unlock_shared(detail::loc_t loc = detail::loc_t::current()) {
    detail::shared_mutex_unlock_shared(handle_, decl_, loc);
  }

 private:
  detail::ObjectDecl decl_;
  detail::Handle handle_;
};

}  // namespace braid

#include "braid/std_locks.hpp"
