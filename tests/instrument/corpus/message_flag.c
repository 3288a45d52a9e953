// expect: data_race
// A producer publishes a message through a plain int flag; the consumer spins on it. Nothing
// orders the flag (or the message) between the threads.
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>

static int message;
static int ready;

static void* producer(void* arg) {
  (void)arg;
  message = 42;
  ready = 1;
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  while (!ready) sched_yield();
  assert(message == 42);
  pthread_join(t, NULL);
  return 0;
}
