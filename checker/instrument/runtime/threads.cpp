// pthread threads, yield and sleep, interposed: inside an execution a pthread is a modelled
// thread (a fiber of the execution) and these calls are its visible operations; outside one they
// are the real functions. A modelled thread's pthread_t is kThreadBase + its thread id.
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <memory>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/state.hpp"

namespace braid::instrument {
namespace {

constexpr pthread_t kThreadBase = 0x6272616964000000ULL;  // "braid": far from real pthread_t

struct PthreadTask final : detail::Task {
  void* (*fn)(void*) = nullptr;
  void* arg = nullptr;
  void run() override {
    void* r = fn(arg);
    if (rt::Execution* ex = active()) current_state()->result_of(ex->current_thread()) = r;
  }
};

rt::ThreadId thread_of(pthread_t t) { return static_cast<rt::ThreadId>(t - kThreadBase); }

}  // namespace
}  // namespace braid::instrument

using namespace braid::instrument;  // NOLINT: a .cpp of extern "C" definitions
namespace rt = braid::rt;
namespace detail = braid::detail;

#define BRAID_PC __builtin_return_address(0)

extern "C" {

int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*fn)(void*), void* arg) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_create)(thread, attr, fn, arg);
  auto task = std::make_unique<PthreadTask>();
  task->fn = fn;
  task->arg = arg;
  rt::ThreadId t = ex->spawn(std::move(task), site_at(BRAID_PC));
  *thread = kThreadBase + t;
  int detached = PTHREAD_CREATE_JOINABLE;
  if (attr != nullptr && pthread_attr_getdetachstate(attr, &detached) == 0 && detached == PTHREAD_CREATE_DETACHED) {
    ex->detach(t, ex->generation(), site_at(BRAID_PC));
  }
  return 0;
}

int pthread_join(pthread_t thread, void** retval) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_join)(thread, retval);
  rt::ThreadId t = thread_of(thread);
  ex->join(t, ex->generation(), site_at(BRAID_PC));
  if (retval != nullptr) *retval = current_state()->result_of(t);
  return 0;
}

int pthread_detach(pthread_t thread) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_detach)(thread);
  ex->detach(thread_of(thread), ex->generation(), site_at(BRAID_PC));
  return 0;
}

pthread_t pthread_self() {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_self)();
  return kThreadBase + ex->current_thread();
}

int pthread_equal(pthread_t a, pthread_t b) { return a == b ? 1 : 0; }

int sched_yield() {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(sched_yield)();
  ex->yield(site_at(BRAID_PC));
  return 0;
}

// Sleeps take no real time inside an execution: every other thread may run first.
int nanosleep(const struct timespec* req, struct timespec* rem) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(nanosleep)(req, rem);
  ex->sleep(site_at(BRAID_PC));
  if (rem != nullptr) *rem = timespec{};
  return 0;
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec* req, struct timespec* rem) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(clock_nanosleep)(clock, flags, req, rem);
  ex->sleep(site_at(BRAID_PC));
  return 0;
}

unsigned sleep(unsigned seconds) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(sleep)(seconds);
  ex->sleep(site_at(BRAID_PC));
  return 0;
}

int usleep(useconds_t usec) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(usleep)(usec);
  ex->sleep(site_at(BRAID_PC));
  return 0;
}

}  // extern "C"
