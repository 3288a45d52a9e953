// Threads started on function pointers: the one held in an initialised variable is followed
// (worker runs twice and calls rand), the one passed in as a parameter cannot be, and the lint
// says so on standard error.
#include <pthread.h>
#include <stdlib.h>

static void* worker(void* arg) {
  (void)arg;
  return (void*)(long)rand();  // expect: nonreentrant "worker calls rand" "thread entries worker (x2)"
}

static void start(void* (*fn)(void*)) {
  pthread_t t;
  pthread_create(&t, NULL, fn, NULL);
  pthread_join(t, NULL);
}

int main(void) {
  void* (*chosen)(void*) = worker;
  pthread_t t;
  for (int i = 0; i < 2; ++i) pthread_create(&t, NULL, chosen, NULL);
  start(worker);
  return 0;
}
