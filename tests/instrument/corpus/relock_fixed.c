// expect: pass
// relock.c fixed: the mutex is made PTHREAD_MUTEX_RECURSIVE, so the owner may lock it again
// (and must unlock it as many times).
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock;
static int items;

static int total(void) {
  pthread_mutex_lock(&lock);
  int n = items;
  pthread_mutex_unlock(&lock);
  return n;
}

static void* add(void* arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  items++;
  assert(total() > 0);
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&lock, &attr);
  pthread_mutexattr_destroy(&attr);
  pthread_t a, b;
  pthread_create(&a, NULL, add, NULL);
  pthread_create(&b, NULL, add, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_mutex_destroy(&lock);
  assert(items == 2);
  return 0;
}
