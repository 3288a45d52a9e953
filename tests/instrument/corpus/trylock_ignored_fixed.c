// expect: pass
// trylock_ignored.c fixed: a thread flushes and unlocks only when pthread_mutex_trylock returned
// 0; otherwise it leaves the flush to the owner.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t flush_lock;
static int flushes;

static void* flush(void* arg) {
  (void)arg;
  if (pthread_mutex_trylock(&flush_lock) == 0) {
    flushes++;
    pthread_mutex_unlock(&flush_lock);
  }
  return NULL;
}

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&flush_lock, &attr);
  pthread_mutexattr_destroy(&attr);
  pthread_t t[2];
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, flush, NULL);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  assert(flushes >= 1 && flushes <= 2);
  pthread_mutex_destroy(&flush_lock);
  return 0;
}
