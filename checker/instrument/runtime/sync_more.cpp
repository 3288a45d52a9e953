// pthread read-write locks, barriers, spin locks and POSIX semaphores, interposed: inside an
// execution each is the Braid primitive of the same meaning (shared_mutex, barrier, mutex,
// counting semaphore) named by its address; outside one, the real functions. The initial
// count of a semaphore and the participants of a barrier are read from the real object, which
// its init (forwarded to the real one) set.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>

#include <climits>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/sync.hpp"

namespace braid::instrument {
namespace {

Object& rwlock_of(pthread_rwlock_t* l) { return current_state()->object(l, detail::ObjectKind::shared_mutex); }

Object& sem_of(sem_t* s) {
  int value = 0;
  BRAID_REAL(sem_getvalue)(s, &value);
  return current_state()->object(s, detail::ObjectKind::counting_semaphore, value, SEM_VALUE_MAX);
}

Object& barrier_of(pthread_barrier_t* b) {
  // why: glibc's barrier keeps its participant count in its third word (in, current_round,
  // count, shared, out); the model never changes the real object.
  const unsigned count = reinterpret_cast<const unsigned*>(b)[2];
  return current_state()->object(b, detail::ObjectKind::barrier, count, count);
}

Object& spin_of(pthread_spinlock_t* s) {
  return current_state()->object(const_cast<const int*>(s), detail::ObjectKind::mutex);
}

// A timed wait takes no real time: it takes a permit or, while none is there, may time out at
// any point (an explored choice), after which the other threads run first (after_timeout).
int sem_timed(rt::Execution& ex, sem_t* s, const void* pc) {
  Object& o = sem_of(s);
  if (ex.sem_try_acquire_timed(o.handle, o.decl, site_at(pc))) return 0;
  after_timeout(ex, pc);
  errno = ETIMEDOUT;
  return -1;
}

}  // namespace
}  // namespace braid::instrument

using namespace braid::instrument;  // NOLINT: a .cpp of extern "C" definitions
namespace rt = braid::rt;
namespace detail = braid::detail;

#define BRAID_PC __builtin_return_address(0)

extern "C" {

int pthread_rwlock_rdlock(pthread_rwlock_t* l) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_rwlock_rdlock)(l);
  Object& o = rwlock_of(l);
  ex->lock_shared(o.handle, o.decl, site_at(BRAID_PC));
  ++current_state()->readers(l, ex->current_thread());
  return 0;
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t* l) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_rwlock_tryrdlock)(l);
  Object& o = rwlock_of(l);
  if (!ex->try_lock_shared(o.handle, o.decl, site_at(BRAID_PC))) return EBUSY;
  ++current_state()->readers(l, ex->current_thread());
  return 0;
}

int pthread_rwlock_wrlock(pthread_rwlock_t* l) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_rwlock_wrlock)(l);
  Object& o = rwlock_of(l);
  ex->lock(o.handle, o.decl, site_at(BRAID_PC));
  return 0;
}

int pthread_rwlock_trywrlock(pthread_rwlock_t* l) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_rwlock_trywrlock)(l);
  Object& o = rwlock_of(l);
  return ex->try_lock(o.handle, o.decl, site_at(BRAID_PC)) ? 0 : EBUSY;
}

// One unlock for both sides: a thread that holds it for reading releases a read hold.
int pthread_rwlock_unlock(pthread_rwlock_t* l) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_rwlock_unlock)(l);
  Object& o = rwlock_of(l);
  int& reads = current_state()->readers(l, ex->current_thread());
  if (reads > 0) {
    --reads;
    ex->unlock_shared(o.handle, o.decl, site_at(BRAID_PC));
  } else {
    ex->unlock(o.handle, o.decl, site_at(BRAID_PC));
  }
  return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t* l) {
  if (active() != nullptr) return 0;
  return BRAID_REAL(pthread_rwlock_destroy)(l);
}

int pthread_spin_lock(pthread_spinlock_t* s) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_spin_lock)(s);
  Object& o = spin_of(s);
  ex->lock(o.handle, o.decl, site_at(BRAID_PC));
  return 0;
}

int pthread_spin_trylock(pthread_spinlock_t* s) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_spin_trylock)(s);
  Object& o = spin_of(s);
  return ex->try_lock(o.handle, o.decl, site_at(BRAID_PC)) ? 0 : EBUSY;
}

int pthread_spin_unlock(pthread_spinlock_t* s) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_spin_unlock)(s);
  Object& o = spin_of(s);
  ex->unlock(o.handle, o.decl, site_at(BRAID_PC));
  return 0;
}

int pthread_barrier_init(pthread_barrier_t* b, const pthread_barrierattr_t* a, unsigned count) {
  if (active() != nullptr) current_state()->forget(b, detail::ObjectKind::barrier);
  return BRAID_REAL(pthread_barrier_init)(b, a, count);
}

// The last thread to arrive gets PTHREAD_BARRIER_SERIAL_THREAD, as with the real barrier.
int pthread_barrier_wait(pthread_barrier_t* b) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_barrier_wait)(b);
  Object& o = barrier_of(b);
  if (ex->barrier_arrive(o.handle, o.decl, false, site_at(BRAID_PC))) {
    ex->barrier_complete(o.handle, o.decl, site_at(BRAID_PC));
    return PTHREAD_BARRIER_SERIAL_THREAD;
  }
  ex->barrier_wait(o.handle, o.decl, site_at(BRAID_PC));
  return 0;
}

int pthread_barrier_destroy(pthread_barrier_t* b) {
  if (active() != nullptr) return 0;
  return BRAID_REAL(pthread_barrier_destroy)(b);
}

int sem_init(sem_t* s, int pshared, unsigned value) {
  if (active() != nullptr) current_state()->forget(s, detail::ObjectKind::counting_semaphore);
  return BRAID_REAL(sem_init)(s, pshared, value);
}

int sem_wait(sem_t* s) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(sem_wait)(s);
  Object& o = sem_of(s);
  ex->sem_acquire(o.handle, o.decl, site_at(BRAID_PC));
  return 0;
}

int sem_trywait(sem_t* s) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(sem_trywait)(s);
  Object& o = sem_of(s);
  if (ex->sem_try_acquire(o.handle, o.decl, site_at(BRAID_PC))) return 0;
  errno = EAGAIN;
  return -1;
}

int sem_timedwait(sem_t* s, const struct timespec* t) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(sem_timedwait)(s, t);
  return sem_timed(*ex, s, BRAID_PC);
}

int sem_clockwait(sem_t* s, clockid_t clock, const struct timespec* t) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(sem_clockwait)(s, clock, t);
  return sem_timed(*ex, s, BRAID_PC);
}

int sem_post(sem_t* s) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(sem_post)(s);
  Object& o = sem_of(s);
  ex->sem_release(o.handle, o.decl, 1, site_at(BRAID_PC));
  return 0;
}

int sem_getvalue(sem_t* s, int* value) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(sem_getvalue)(s, value);
  Object& o = sem_of(s);
  // A read of the count, as a scheduling point: a try that gives its permit back. When it took
  // one, the model's count (read after the try) is one less than the value.
  if (ex->sem_try_acquire(o.handle, o.decl, site_at(BRAID_PC))) {
    const rt::Waitable& w = ex->waitable(ex->object(o.handle.index).waitable);
    *value = static_cast<int>(w.count + 1);
    ex->sem_release(o.handle, o.decl, 1, site_at(BRAID_PC));
  } else {
    *value = 0;
  }
  return 0;
}

int sem_destroy(sem_t* s) {
  if (active() != nullptr) return 0;
  return BRAID_REAL(sem_destroy)(s);
}

}  // extern "C"
