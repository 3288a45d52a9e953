// expect: pass
// cond_signal_one.c fixed: the opener wakes every waiter with pthread_cond_broadcast.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t opened = PTHREAD_COND_INITIALIZER;
static int open_gate;
static int passed;

static void* worker(void* arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  while (!open_gate) pthread_cond_wait(&opened, &lock);
  passed++;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, NULL);
  pthread_mutex_lock(&lock);
  open_gate = 1;
  pthread_cond_broadcast(&opened);
  pthread_mutex_unlock(&lock);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  assert(passed == 2);
  return 0;
}
