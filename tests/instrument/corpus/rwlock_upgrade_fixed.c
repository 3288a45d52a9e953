// expect: pass
// rwlock_upgrade.c fixed: the reader drops its read lock, takes the write lock, and checks again
// (another thread may have refreshed the cache in between).
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static int cache_version;
static int refreshes;

static void* refresh_if_stale(void* arg) {
  (void)arg;
  pthread_rwlock_rdlock(&cache_lock);
  int stale = cache_version == 0;
  pthread_rwlock_unlock(&cache_lock);
  if (stale) {
    pthread_rwlock_wrlock(&cache_lock);
    if (cache_version == 0) {
      cache_version = 1;
      refreshes++;
    }
    pthread_rwlock_unlock(&cache_lock);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, refresh_if_stale, NULL);
  pthread_create(&b, NULL, refresh_if_stale, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(cache_version == 1 && refreshes == 1);
  return 0;
}
