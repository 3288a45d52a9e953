// expect: data_race
// Two threads bump a shared counter with a plain `x++`: the read-modify-write is not atomic, so
// an update can be lost.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static int counter;

static void* bump(void* arg) {
  (void)arg;
  counter++;
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
