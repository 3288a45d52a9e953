// pthread mutexes and condition variables, interposed: inside an execution each one is a Braid
// mutex / condition variable named by its address (its type, normal, recursive or error-checking,
// read from the real object, which pthread_mutex_init or a static initialiser set); outside one,
// the real functions. An error-checking mutex returns EDEADLK to a thread that locks it again; an
// unlock by a thread that does not hold it is reported as misuse whatever the type (the EPERM
// an error-checking mutex returns is as easily ignored).
#include <errno.h>
#include <pthread.h>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/sync.hpp"

namespace braid::instrument {
namespace {

// why: glibc keeps the type in __kind (PTHREAD_MUTEX_RECURSIVE_NP = 1, ERRORCHECK_NP = 2), set by
// the static initialisers and by pthread_mutex_init, which this runtime forwards to the real one.
int type_of(const pthread_mutex_t* m) { return m->__data.__kind & 3; }

Object& mutex_of(pthread_mutex_t* m) {
  const bool recursive = type_of(m) == PTHREAD_MUTEX_RECURSIVE_NP;
  return current_state()->object(m, recursive ? detail::ObjectKind::recursive_mutex : detail::ObjectKind::mutex);
}

// An error-checking mutex that the calling thread holds already: a lock returns EDEADLK. Reads
// the model's state only (no scheduling point: nothing another thread does can change it).
bool relocks_error_checking(const rt::Execution& ex, const pthread_mutex_t* m, const Object& o) {
  if (type_of(m) != PTHREAD_MUTEX_ERRORCHECK_NP || o.handle.generation != ex.generation()) return false;
  return ex.waitable(ex.object(o.handle.index).waitable).owner == ex.current_thread();
}

Object& cond_of(pthread_cond_t* c) { return current_state()->object(c, detail::ObjectKind::condition_variable); }

}  // namespace

// why: a timeout means time passed, in which every other thread that could run would have; as at
// a sleep, the others run first. Without it, one schedule retries a timed lock or wait forever
// while the thread it waits for never runs, and a retry loop would be reported as a livelock.
void after_timeout(rt::Execution& ex, const void* pc) { ex.sleep(site_at(pc)); }

int mutex_lock(rt::Execution& ex, pthread_mutex_t* m, const void* pc) {
  Object& o = mutex_of(m);
  if (relocks_error_checking(ex, m, o)) return EDEADLK;
  ex.lock(o.handle, o.decl, site_at(pc));
  return 0;
}

int mutex_trylock(rt::Execution& ex, pthread_mutex_t* m, const void* pc) {
  Object& o = mutex_of(m);
  return ex.try_lock(o.handle, o.decl, site_at(pc)) ? 0 : EBUSY;
}

// A timed lock takes no real time: it acquires the mutex or, as an explored choice, times out.
int mutex_timedlock(rt::Execution& ex, pthread_mutex_t* m, const void* pc) {
  Object& o = mutex_of(m);
  if (relocks_error_checking(ex, m, o)) return EDEADLK;
  if (ex.timed_lock(o.handle, o.decl, site_at(pc))) return 0;
  after_timeout(ex, pc);
  return ETIMEDOUT;
}

int mutex_unlock(rt::Execution& ex, pthread_mutex_t* m, const void* pc) {
  Object& o = mutex_of(m);
  ex.unlock(o.handle, o.decl, site_at(pc));
  return 0;
}

// Timed waits take no real time: the waiter may time out at any point, an explored choice.
int cond_wait(rt::Execution& ex, pthread_cond_t* c, pthread_mutex_t* m, bool timed, const void* pc) {
  Object& cv = cond_of(c);
  Object& mx = mutex_of(m);
  if (ex.cv_wait(cv.handle, cv.decl, mx.handle, mx.decl, site_at(pc), timed) || !timed) return 0;
  after_timeout(ex, pc);
  return ETIMEDOUT;
}

int cond_notify(rt::Execution& ex, pthread_cond_t* c, bool all, const void* pc) {
  Object& cv = cond_of(c);
  ex.cv_notify(cv.handle, cv.decl, all, site_at(pc));
  return 0;
}

}  // namespace braid::instrument

using namespace braid::instrument;  // NOLINT: a .cpp of extern "C" definitions
namespace rt = braid::rt;
namespace detail = braid::detail;

#define BRAID_PC __builtin_return_address(0)

extern "C" {

int pthread_mutex_lock(pthread_mutex_t* m) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_mutex_lock)(m);
  return mutex_lock(*ex, m, BRAID_PC);
}

int pthread_mutex_trylock(pthread_mutex_t* m) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_mutex_trylock)(m);
  return mutex_trylock(*ex, m, BRAID_PC);
}

int pthread_mutex_timedlock(pthread_mutex_t* m, const struct timespec* t) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_mutex_timedlock)(m, t);
  return mutex_timedlock(*ex, m, BRAID_PC);
}

int pthread_mutex_clocklock(pthread_mutex_t* m, clockid_t clock, const struct timespec* t) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_mutex_clocklock)(m, clock, t);
  return mutex_timedlock(*ex, m, BRAID_PC);
}

int pthread_mutex_unlock(pthread_mutex_t* m) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_mutex_unlock)(m);
  return mutex_unlock(*ex, m, BRAID_PC);
}

int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* a) {
  if (active() != nullptr) {
    current_state()->forget(m, detail::ObjectKind::mutex);
    current_state()->forget(m, detail::ObjectKind::recursive_mutex);
  }
  return BRAID_REAL(pthread_mutex_init)(m, a);
}

int pthread_mutex_destroy(pthread_mutex_t* m) {
  if (active() != nullptr) return 0;  // why: the real one may see it locked (the model never locks it)
  return BRAID_REAL(pthread_mutex_destroy)(m);
}

int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
  rt::Execution* ex = active();
  if (ex == nullptr) {
    static auto* real = reinterpret_cast<decltype(&pthread_cond_wait)>(real_symbol("pthread_cond_wait", "GLIBC_2.3.2"));
    return real(c, m);
  }
  return cond_wait(*ex, c, m, false, BRAID_PC);
}

int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m, const struct timespec* t) {
  rt::Execution* ex = active();
  if (ex == nullptr) {
    static auto* real =
        reinterpret_cast<decltype(&pthread_cond_timedwait)>(real_symbol("pthread_cond_timedwait", "GLIBC_2.3.2"));
    return real(c, m, t);
  }
  return cond_wait(*ex, c, m, true, BRAID_PC);
}

int pthread_cond_clockwait(pthread_cond_t* c, pthread_mutex_t* m, clockid_t clock, const struct timespec* t) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_cond_clockwait)(c, m, clock, t);
  return cond_wait(*ex, c, m, true, BRAID_PC);
}

int pthread_cond_signal(pthread_cond_t* c) {
  rt::Execution* ex = active();
  if (ex == nullptr) {
    static auto* real =
        reinterpret_cast<decltype(&pthread_cond_signal)>(real_symbol("pthread_cond_signal", "GLIBC_2.3.2"));
    return real(c);
  }
  return cond_notify(*ex, c, false, BRAID_PC);
}

int pthread_cond_broadcast(pthread_cond_t* c) {
  rt::Execution* ex = active();
  if (ex == nullptr) {
    static auto* real =
        reinterpret_cast<decltype(&pthread_cond_broadcast)>(real_symbol("pthread_cond_broadcast", "GLIBC_2.3.2"));
    return real(c);
  }
  return cond_notify(*ex, c, true, BRAID_PC);
}

int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* a) {
  if (active() != nullptr) current_state()->forget(c, detail::ObjectKind::condition_variable);
  static auto* real = reinterpret_cast<decltype(&pthread_cond_init)>(real_symbol("pthread_cond_init", "GLIBC_2.3.2"));
  return real(c, a);
}

int pthread_cond_destroy(pthread_cond_t* c) {
  if (active() != nullptr) return 0;
  static auto* real =
      reinterpret_cast<decltype(&pthread_cond_destroy)>(real_symbol("pthread_cond_destroy", "GLIBC_2.3.2"));
  return real(c);
}

}  // extern "C"
