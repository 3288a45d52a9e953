// expect: deadlock
// Two workers wait for a gate to open; the opener wakes them with pthread_cond_signal, which
// wakes only one: the other can wait forever.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t opened = PTHREAD_COND_INITIALIZER;
static int open_gate;

static void* worker(void* arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  while (!open_gate) pthread_cond_wait(&opened, &lock);
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, NULL);
  pthread_mutex_lock(&lock);
  open_gate = 1;
  pthread_cond_signal(&opened);
  pthread_mutex_unlock(&lock);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  return 0;
}
