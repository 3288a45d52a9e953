// expect: misuse
// Each thread "flushes the log if nobody else is" with pthread_mutex_trylock on an
// error-checking mutex, but ignores the result: the thread that lost the race unlocks a mutex
// it does not own.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t flush_lock;
static int flushed[2];

static void* flush(void* arg) {
  int id = *(int*)arg;
  pthread_mutex_trylock(&flush_lock);
  flushed[id] = 1;
  pthread_mutex_unlock(&flush_lock);
  return NULL;
}

int main(void) {
  static int ids[2] = {0, 1};
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&flush_lock, &attr);
  pthread_mutexattr_destroy(&attr);
  pthread_t t[2];
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, flush, &ids[i]);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  return flushed[0] + flushed[1] == 2 ? 0 : 1;
}
