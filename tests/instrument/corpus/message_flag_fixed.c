// expect: pass
// message_flag.c fixed: the flag is a C11 atomic written with release and read with acquire, so
// the message written before the flag is visible after it.
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>

static int message;
static atomic_int ready;

static void* producer(void* arg) {
  (void)arg;
  message = 42;
  atomic_store_explicit(&ready, 1, memory_order_release);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  while (!atomic_load_explicit(&ready, memory_order_acquire)) sched_yield();
  assert(message == 42);
  pthread_join(t, NULL);
  return 0;
}
