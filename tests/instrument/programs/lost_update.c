// Two threads increment a shared counter without a lock: an update can be lost.
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static int counter;

static void* work(void* arg) {
  (void)arg;
  counter++;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, work, NULL);
  pthread_create(&b, NULL, work, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter);
  assert(counter == 2);
  return 0;
}
