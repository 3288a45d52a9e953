// expect: livelock
// main spins (with sched_yield) on an atomic flag that the worker sets only when it has work,
// and it has none: the spin never ends.
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>

static atomic_int done;
static int pending_jobs;

static void* worker(void* arg) {
  (void)arg;
  if (pending_jobs > 0) atomic_store(&done, 1);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  while (!atomic_load(&done)) sched_yield();
  pthread_join(t, NULL);
  return 0;
}
