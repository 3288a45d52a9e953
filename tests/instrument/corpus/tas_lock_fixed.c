// expect: pass
// tas_lock.c fixed: __sync_lock_release releases the lock with release semantics, pairing with
// the acquire of __sync_lock_test_and_set.
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
