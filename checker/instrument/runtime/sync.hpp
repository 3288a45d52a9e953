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
// After a timed lock or wait timed out: a sleep, so that the other threads run first.
void after_timeout(rt::Execution& ex, const void* pc);
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
// pthread_exit / thrd_exit: ends the calling thread's body with `value`; in main, ends main's
// thread and, once every other thread has ended, the program (status 0).
[[noreturn]] void thread_exit(rt::Execution& ex, void* value, const void* pc);
// main returned or called exit(): the program ends. A thread still running is cut short, a
// leaked_thread bug; the finished ones need no join.
void main_ended(rt::Execution& ex);
// What a modelled thread's end runs on it: its thread_local destructors, then its keys'.
void run_exit_destructors(rt::Execution& ex);
// The destructors of the calling thread's non-null key values (pthread_key_create, tss_create),
// as POSIX runs them at a thread's exit (once_keys.cpp).
void run_key_destructors(rt::Execution& ex);

}  // namespace braid::instrument
