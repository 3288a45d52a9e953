// expect: pass
// tas_lock.c fixed: __sync_lock_test_and_set tests and sets the flag in one atomic step, and
// __sync_lock_release releases it with release semantics.
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>

static int spin;
static int counter;

static void* bump(void* arg) {
  (void)arg;
  while (__sync_lock_test_and_set(&spin, 1)) sched_yield();
  counter++;
  __sync_lock_release(&spin);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, bump, NULL);
  pthread_create(&b, NULL, bump, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(counter == 2);
  return 0;
}
