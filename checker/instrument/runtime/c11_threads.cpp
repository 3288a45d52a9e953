// C11 <threads.h>, interposed: glibc implements it on internal pthread calls that the pthread
// interposers do not see, so each function is mapped here onto the same modelled operations
// (glibc's mtx_t, cnd_t, once_flag and tss_t are its pthread types underneath).
#include <pthread.h>
#include <threads.h>

#include <cstdint>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/sync.hpp"

namespace braid::instrument {
namespace {

struct C11Start {
  thrd_start_t fn;
  void* arg;
};

void* c11_start(void* p) {
  auto* s = static_cast<C11Start*>(p);
  C11Start start = *s;
  delete s;
  return reinterpret_cast<void*>(static_cast<std::intptr_t>(start.fn(start.arg)));
}

pthread_mutex_t* as_mutex(mtx_t* m) { return reinterpret_cast<pthread_mutex_t*>(m); }
pthread_cond_t* as_cond(cnd_t* c) { return reinterpret_cast<pthread_cond_t*>(c); }

int c11_code(int pthread_code) {
  switch (pthread_code) {
    case 0:
      return thrd_success;
    case EBUSY:
      return thrd_busy;
    case ETIMEDOUT:
      return thrd_timedout;
    default:
      return thrd_error;
  }
}

}  // namespace
}  // namespace braid::instrument

using namespace braid::instrument;  // NOLINT: a .cpp of extern "C" definitions
namespace rt = braid::rt;
namespace detail = braid::detail;

#define BRAID_PC __builtin_return_address(0)

extern "C" {

int thrd_create(thrd_t* t, thrd_start_t fn, void* arg) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(thrd_create)(t, fn, arg);
  *t = thread_create(*ex, c11_start, new C11Start{fn, arg}, false, BRAID_PC);
  return thrd_success;
}

int thrd_join(thrd_t t, int* res) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(thrd_join)(t, res);
  void* r = thread_join(*ex, t, BRAID_PC);
  if (res != nullptr) *res = static_cast<int>(reinterpret_cast<std::intptr_t>(r));
  return thrd_success;
}

int thrd_detach(thrd_t t) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(thrd_detach)(t);
  ex->detach(thread_of(t), ex->generation(), site_at(BRAID_PC));
  return thrd_success;
}

thrd_t thrd_current() {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(thrd_current)();
  return thread_self(*ex);
}

int thrd_equal(thrd_t a, thrd_t b) { return a == b ? 1 : 0; }

[[noreturn]] void thrd_exit(int res) {
  if (rt::Execution* ex = active())
    thread_exit(*ex, reinterpret_cast<void*>(static_cast<std::intptr_t>(res)), BRAID_PC);
  BRAID_REAL(thrd_exit)(res);
  __builtin_unreachable();
}

void thrd_yield() {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(thrd_yield)();
  ex->yield(site_at(BRAID_PC));
}

int thrd_sleep(const struct timespec* d, struct timespec* rem) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(thrd_sleep)(d, rem);
  ex->sleep(site_at(BRAID_PC));
  return 0;
}

int mtx_init(mtx_t* m, int type) {
  if (active() != nullptr) {
    current_state()->forget(m, detail::ObjectKind::mutex);
    current_state()->forget(m, detail::ObjectKind::recursive_mutex);
  }
  return BRAID_REAL(mtx_init)(m, type);
}

int mtx_lock(mtx_t* m) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(mtx_lock)(m);
  return c11_code(mutex_lock(*ex, as_mutex(m), BRAID_PC));
}

int mtx_trylock(mtx_t* m) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(mtx_trylock)(m);
  return c11_code(mutex_trylock(*ex, as_mutex(m), BRAID_PC));
}

int mtx_timedlock(mtx_t* m, const struct timespec* t) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(mtx_timedlock)(m, t);
  return c11_code(mutex_timedlock(*ex, as_mutex(m), BRAID_PC));
}

int mtx_unlock(mtx_t* m) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(mtx_unlock)(m);
  return c11_code(mutex_unlock(*ex, as_mutex(m), BRAID_PC));
}

void mtx_destroy(mtx_t* m) {
  if (active() == nullptr) BRAID_REAL(mtx_destroy)(m);
}

int cnd_wait(cnd_t* c, mtx_t* m) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(cnd_wait)(c, m);
  return c11_code(cond_wait(*ex, as_cond(c), as_mutex(m), false, BRAID_PC));
}

int cnd_timedwait(cnd_t* c, mtx_t* m, const struct timespec* t) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(cnd_timedwait)(c, m, t);
  return c11_code(cond_wait(*ex, as_cond(c), as_mutex(m), true, BRAID_PC));
}

int cnd_signal(cnd_t* c) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(cnd_signal)(c);
  return c11_code(cond_notify(*ex, as_cond(c), false, BRAID_PC));
}

int cnd_broadcast(cnd_t* c) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(cnd_broadcast)(c);
  return c11_code(cond_notify(*ex, as_cond(c), true, BRAID_PC));
}

void cnd_destroy(cnd_t* c) {
  if (active() == nullptr) BRAID_REAL(cnd_destroy)(c);
}

void call_once(once_flag* flag, void (*init)()) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(call_once)(flag, init);
  run_once(*ex, flag, init, BRAID_PC);
}

// tss_get / tss_set: glibc's call pthread_getspecific / pthread_setspecific internally, which the
// interposers do not see; these forward to the interposed ones (once_keys.cpp).
void* tss_get(tss_t key) { return pthread_getspecific(key); }

int tss_set(tss_t key, void* value) { return pthread_setspecific(key, value) == 0 ? thrd_success : thrd_error; }

}  // extern "C"
