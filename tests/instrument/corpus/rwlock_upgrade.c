// expect: self_deadlock
// A reader finds the cache stale and "upgrades" by taking the write lock while it still holds
// the read lock on the same rwlock: the write lock waits for its own reader forever.
#include <pthread.h>
#include <stddef.h>

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static int cache_version;

static void* refresh_if_stale(void* arg) {
  (void)arg;
  pthread_rwlock_rdlock(&cache_lock);
  if (cache_version == 0) {
    pthread_rwlock_wrlock(&cache_lock);
    cache_version = 1;
    pthread_rwlock_unlock(&cache_lock);
  }
  pthread_rwlock_unlock(&cache_lock);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, refresh_if_stale, NULL);
  pthread_create(&b, NULL, refresh_if_stale, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return cache_version == 1 ? 0 : 1;
}
