// The modelled pthread synchronisation operations, for the interposed pthread functions and for
// the C11 <threads.h> ones built on them. Each takes the user's call site (a return address) and
// must only be called inside an execution (active() != nullptr).
#pragma once

#include <pthread.h>

#include "checker/instrument/runtime/state.hpp"

namespace braid::instrument {

int mutex_lock(rt::Execution& ex, pthread_mutex_t* m, const void* pc);
int mutex_trylock(rt::Execution& ex, pthread_mutex_t* m, const void* pc);
int mutex_timedlock(rt::Execution& ex, pthread_mutex_t* m, const void* pc);
int mutex_unlock(rt::Execution& ex, pthread_mutex_t* m, const void* pc);
// timed: may time out (returns ETIMEDOUT then), an explored choice.
int cond_wait(rt::Execution& ex, pthread_cond_t* c, pthread_mutex_t* m, bool timed, const void* pc);
int cond_notify(rt::Execution& ex, pthread_cond_t* c, bool all, const void* pc);
// pthread_once's modelled body: the first caller runs init, the others wait until it has.
void run_once(rt::Execution& ex, const void* control, void (*init)(), const void* pc);

// Threads: a new modelled thread running fn(arg); its pthread_t; the thread a pthread_t names.
pthread_t thread_create(rt::Execution& ex, void* (*fn)(void*), void* arg, bool detached, const void* pc);
void* thread_join(rt::Execution& ex, pthread_t t, const void* pc);
pthread_t thread_self(const rt::Execution& ex);
rt::ThreadId thread_of(pthread_t t);
// pthread_exit / thrd_exit in a thread other than main: ends the thread's body with `value`.
[[noreturn]] void thread_exit(rt::Execution& ex, void* value, const void* pc);

}  // namespace braid::instrument
