// pthread threads, yield and sleep, interposed: inside an execution a pthread is a modelled
// thread (a fiber of the execution) and these calls are its visible operations; outside one they
// are the real functions. A modelled thread's pthread_t is kThreadBase + its thread id.
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <fmt/format.h>

#include <csetjmp>
#include <memory>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/sync.hpp"
#include "checker/instrument/runtime/tls.hpp"
#include "checker/runtime/site_format.hpp"

namespace braid::instrument {
namespace {

constexpr pthread_t kThreadBase = 0x6272616964000000ULL;  // "braid": far from real pthread_t

// Thrown by pthread_exit in a modelled thread, caught where its body began.
struct ThreadExit {
  void* value;
};

struct PthreadTask final : detail::Task {
  void* (*fn)(void*) = nullptr;
  void* arg = nullptr;
  void run() override {
    void* r = nullptr;
    try {
      r = fn(arg);
    } catch (const ThreadExit& e) {
      r = e.value;
    }
    rt::Execution* ex = active();
    if (ex == nullptr) return;
    current_state()->result_of(ex->current_thread()) = r;
    run_exit_destructors(*ex);
  }
};

// pthread_exit in main: main's thread ends, but the process lives on until its last thread has
// ended; then it exits with status 0 (through main's exit path, as exit(0) would).
[[noreturn]] void main_thread_exit(rt::Execution& ex, const void* pc) {
  run_exit_destructors(ex);
  // why re-read thread_count: the threads main waits for may start more.
  for (rt::ThreadId t = 1; t < ex.thread_count(); ++t) {
    if (!ex.finished(t)) ex.await_exit(t, site_at(pc));
  }
  InstrumentState& st = *current_state();
  if (st.main_exit == nullptr) ex.misuse("pthread_exit in main outside the program's main", site_at(pc));
  st.exit_status = 0;
  std::longjmp(*st.main_exit, 1);
}

}  // namespace

rt::ThreadId thread_of(pthread_t t) { return static_cast<rt::ThreadId>(t - kThreadBase); }
pthread_t thread_self(const rt::Execution& ex) { return kThreadBase + ex.current_thread(); }

pthread_t thread_create(rt::Execution& ex, void* (*fn)(void*), void* arg, bool detached, const void* pc) {
  auto task = std::make_unique<PthreadTask>();
  task->fn = fn;
  task->arg = arg;
  rt::ThreadId t = ex.spawn(std::move(task), site_at(pc));
  if (detached) ex.detach(t, ex.generation(), site_at(pc));
  return kThreadBase + t;
}

void* thread_join(rt::Execution& ex, pthread_t thread, const void* pc) {
  rt::ThreadId t = thread_of(thread);
  ex.join(t, ex.generation(), site_at(pc));
  return current_state()->result_of(t);
}

void thread_exit(rt::Execution& ex, void* value, const void* pc) {
  if (ex.current_thread() == 0) main_thread_exit(ex, pc);
  throw ThreadExit{value};
}

void main_ended(rt::Execution& ex) {
  for (rt::ThreadId t = 1; t < ex.thread_count(); ++t) {
    if (ex.finished(t)) continue;
    const rt::ThreadState& ts = ex.thread(t);
    ex.report(detect::BugDraft{BugKind::leaked_thread,
                               fmt::format("thread {} (started at {}) was still running when main ended: the "
                                           "program's exit cuts it short (join it, or end main with pthread_exit)",
                                           t, rt::short_site(ts.created_at)),
                               {ts.created_at, ts.pending_site}});
  }
  // why: a finished thread nobody joined is no bug in a C program (its exit reclaims it).
  for (rt::ThreadId t = 1; t < ex.thread_count(); ++t) ex.daemon(t, ex.generation(), rt::Site{});
}

// As at a pthread's end in glibc: its thread_local destructors first, then its keys'.
void run_exit_destructors(rt::Execution& ex) {
  run_thread_local_destructors(ex);
  run_key_destructors(ex);
}

}  // namespace braid::instrument

using namespace braid::instrument;  // NOLINT: a .cpp of extern "C" definitions
namespace rt = braid::rt;
namespace detail = braid::detail;

#define BRAID_PC __builtin_return_address(0)

extern "C" {

int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*fn)(void*), void* arg) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_create)(thread, attr, fn, arg);
  int state = PTHREAD_CREATE_JOINABLE;
  const bool detached =
      attr != nullptr && pthread_attr_getdetachstate(attr, &state) == 0 && state == PTHREAD_CREATE_DETACHED;
  *thread = thread_create(*ex, fn, arg, detached, BRAID_PC);
  return 0;
}

int pthread_join(pthread_t thread, void** retval) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_join)(thread, retval);
  void* r = thread_join(*ex, thread, BRAID_PC);
  if (retval != nullptr) *retval = r;
  return 0;
}

int pthread_detach(pthread_t thread) {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_detach)(thread);
  ex->detach(thread_of(thread), ex->generation(), site_at(BRAID_PC));
  return 0;
}

[[noreturn]] void pthread_exit(void* value) {
  if (rt::Execution* ex = active()) thread_exit(*ex, value, BRAID_PC);
  BRAID_REAL(pthread_exit)(value);
  __builtin_unreachable();
}

pthread_t pthread_self() {
  rt::Execution* ex = active();
  if (ex == nullptr) return BRAID_REAL(pthread_self)();
  return thread_self(*ex);
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
