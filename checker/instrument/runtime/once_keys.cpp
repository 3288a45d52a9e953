// pthread_once and thread-specific data, interposed. Inside an execution a once-control is a
// mutex plus a flag of the execution (so the first caller's init happens before every other
// caller returns), and a key's value is kept per modelled thread (all modelled threads share one
// OS thread, so the real pthread_getspecific cannot tell them apart). Key destructors do not run
// at a modelled thread's exit.
#include <pthread.h>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/sync.hpp"

namespace braid::instrument {

void run_once(rt::Execution& ex, const void* control, void (*init)(), const void* pc) {
  Object& lock = current_state()->object(control, detail::ObjectKind::mutex);
  ex.lock(lock.handle, lock.decl, site_at(pc));
  if (current_state()->once_done.insert(control).second) init();
  ex.unlock(lock.handle, lock.decl, site_at(pc));
}

}  // namespace braid::instrument

using namespace braid::instrument;  // NOLINT: a .cpp of extern "C" definitions
namespace rt = braid::rt;
namespace detail = braid::detail;

#define BRAID_PC __builtin_return_address(0)

extern "C" {

int pthread_once(pthread_once_t* control, void (*init)()) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_once)(control, init);
  run_once(*ex, control, init, BRAID_PC);
  return 0;
}

void* pthread_getspecific(pthread_key_t key) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_getspecific)(key);
  return current_state()->specific(key, ex->current_thread());
}

int pthread_setspecific(pthread_key_t key, const void* value) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_setspecific)(key, value);
  current_state()->specific(key, ex->current_thread()) = const_cast<void*>(value);
  return 0;
}

}  // extern "C"
