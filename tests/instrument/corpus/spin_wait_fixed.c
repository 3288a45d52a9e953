// expect: pass
// spin_wait.c fixed: the worker sets the flag whether or not it had work, so the spin ends.
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>

static atomic_int done;
static int pending_jobs;
static int jobs_run;

static void* worker(void* arg) {
  (void)arg;
  if (pending_jobs > 0) jobs_run++;
  atomic_store(&done, 1);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  while (!atomic_load(&done)) sched_yield();
  assert(jobs_run == 0);
  pthread_join(t, NULL);
  return 0;
}
