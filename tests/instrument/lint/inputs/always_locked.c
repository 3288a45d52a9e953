// The fix of mixed_locking.c: every access to `total` while threads run holds `lock`, including
// an early return that unlocks first. main's accesses before the first start and after the
// joins need no lock.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void* deposit(void* arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  total += 10;
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void* withdraw(void* arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  if (total < 5) {
    pthread_mutex_unlock(&lock);
    return NULL;
  }
  total -= 5;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  total = 100;
  pthread_create(&a, NULL, deposit, NULL);
  pthread_create(&b, NULL, withdraw, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", total);
  return 0;
}
