// pthread_once and thread-specific data, interposed. Inside an execution a once-control is a
// mutex plus a flag of the execution (so the first caller's init happens before every other
// caller returns), and a key's value is kept per modelled thread (all modelled threads share one
// OS thread, so the real pthread_getspecific cannot tell them apart). Only keys the program
// creates during an execution are modelled; their destructors run at a modelled thread's end,
// as POSIX runs them at a thread's exit.
#include <pthread.h>
#include <threads.h>

#include <array>
#include <bitset>
#include <cstdint>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/sync.hpp"

namespace braid::instrument {
namespace {

// The keys created inside the current execution (or the last one that created a key). why not in
// InstrumentState, and no thread_local on the way: a sanitizer runtime calls pthread_getspecific
// for its own key from inside thread-local lookups, so deciding that a key is not modelled must
// not touch thread-local storage (it would recurse).
std::bitset<PTHREAD_KEYS_MAX> modelled_keys;
std::array<void (*)(void*), PTHREAD_KEYS_MAX> key_destructors{};

bool modelled(pthread_key_t key) { return key < PTHREAD_KEYS_MAX && modelled_keys.test(key); }

// The execution whose keys modelled_keys holds.
std::uint64_t keys_generation = 0;

// Executions share one process, so the real keys an earlier execution created (and did not
// delete) are deleted when the next one creates its first: without that, a program that never
// deletes its key would run out of keys (PTHREAD_KEYS_MAX) after as many executions.
void forget_earlier_keys(std::uint64_t generation) {
  if (generation == keys_generation) return;
  for (pthread_key_t key = 0; key < PTHREAD_KEYS_MAX; ++key) {
    if (modelled_keys.test(key)) BRAID_REAL(pthread_key_delete)(key);
  }
  modelled_keys.reset();
  key_destructors.fill(nullptr);
  keys_generation = generation;
}

// Called inside an execution, after the real key was created.
void model_key(pthread_key_t key, void (*destructor)(void*)) {
  if (key >= PTHREAD_KEYS_MAX) return;
  modelled_keys.set(key);
  key_destructors[key] = destructor;
}

// A deleted key's values are gone: a key created later under the same number starts empty.
void unmodel_key(pthread_key_t key) {
  rt::Execution* ex = modelled(key) ? active() : nullptr;
  if (ex == nullptr) return;
  for (rt::ThreadId t = 0; t < ex->thread_count(); ++t) current_state()->specific(key, t) = nullptr;
  modelled_keys.reset(key);
  key_destructors[key] = nullptr;
}

}  // namespace

void run_key_destructors(rt::Execution& ex) {
  const rt::ThreadId self = ex.current_thread();
  // POSIX: a destructor may set values again; repeat up to PTHREAD_DESTRUCTOR_ITERATIONS rounds.
  for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; ++round) {
    bool ran = false;
    for (pthread_key_t key = 0; key < PTHREAD_KEYS_MAX; ++key) {
      if (!modelled_keys.test(key) || key_destructors[key] == nullptr) continue;
      void*& slot = current_state()->specific(key, self);
      if (slot == nullptr) continue;
      void* value = slot;
      slot = nullptr;  // as POSIX: the value is null when its destructor runs
      key_destructors[key](value);
      ran = true;
    }
    if (!ran) return;
  }
}

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

int pthread_key_create(pthread_key_t* key, void (*destructor)(void*)) {
  rt::Execution* ex = active();
  if (ex != nullptr) forget_earlier_keys(ex->generation());
  int rc = BRAID_REAL(pthread_key_create)(key, destructor);
  if (rc == 0 && ex != nullptr) model_key(*key, destructor);
  return rc;
}

int tss_create(tss_t* key, tss_dtor_t destructor) {
  rt::Execution* ex = active();
  if (ex != nullptr) forget_earlier_keys(ex->generation());
  int rc = BRAID_REAL(tss_create)(key, destructor);
  if (rc == thrd_success && ex != nullptr) model_key(*key, destructor);
  return rc;
}

int pthread_key_delete(pthread_key_t key) {
  unmodel_key(key);
  return BRAID_REAL(pthread_key_delete)(key);
}

void tss_delete(tss_t key) {
  unmodel_key(key);
  BRAID_REAL(tss_delete)(key);
}

void* pthread_getspecific(pthread_key_t key) {
  rt::Execution* ex = modelled(key) ? active() : nullptr;
  if (ex == nullptr) return BRAID_REAL(pthread_getspecific)(key);
  return current_state()->specific(key, ex->current_thread());
}

int pthread_setspecific(pthread_key_t key, const void* value) {
  rt::Execution* ex = modelled(key) ? active() : nullptr;
  if (ex == nullptr) return BRAID_REAL(pthread_setspecific)(key, value);
  current_state()->specific(key, ex->current_thread()) = const_cast<void*>(value);
  return 0;
}

}  // extern "C"
