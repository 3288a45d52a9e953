// expect: data_race
// A hand-rolled spin lock that tests the flag and sets it in two separate __atomic steps: both
// threads can see it free, both take it, and the counter it protects is raced on.
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>

static int spin;
static int counter;

static void* bump(void* arg) {
  (void)arg;
  while (__atomic_load_n(&spin, __ATOMIC_ACQUIRE)) sched_yield();
  __atomic_store_n(&spin, 1, __ATOMIC_RELAXED);
  counter++;
  __atomic_store_n(&spin, 0, __ATOMIC_RELEASE);
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
