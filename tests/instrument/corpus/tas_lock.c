// expect: data_race
// A spin lock built on __sync_lock_test_and_set, released with a relaxed __atomic store: the
// release orders nothing, so the counter it protects is raced on.
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
  __atomic_store_n(&spin, 0, __ATOMIC_RELAXED);
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
