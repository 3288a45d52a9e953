// expect: pass
// sem_signal.c fixed: the producer writes the data, then posts; sem_wait orders the consumer's
// read after the write.
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>

static sem_t data_ready;
static int data;

static void* producer(void* arg) {
  (void)arg;
  data = 7;
  sem_post(&data_ready);
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&data_ready, 0, 0);
  pthread_create(&t, NULL, producer, NULL);
  sem_wait(&data_ready);
  int seen = data;
  pthread_join(t, NULL);
  sem_destroy(&data_ready);
  assert(seen == 7);
  return 0;
}
