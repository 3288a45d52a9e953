// `total` is protected by `lock` in deposit() but not in the fast path of withdraw().
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
  total -= 5;  // expect: mixed-locking "total is written here in withdraw with no lock held, but written in deposit at line 11 with lock held"
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
