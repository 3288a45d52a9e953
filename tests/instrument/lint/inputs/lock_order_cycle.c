// transfer_ab takes a then b; transfer_ba takes b then a: two threads can each hold one lock
// and wait for the other forever.
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void* transfer_ab(void* arg) {
  (void)arg;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);  // expect: lock-order "lock order cycle a -> b -> a: transfer_ab takes b at line 11 while holding a (taken at line 10); transfer_ba takes a at line 20 while holding b (taken at line 19)"
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return NULL;
}

static void* transfer_ba(void* arg) {
  (void)arg;
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, transfer_ab, NULL);
  pthread_create(&t2, NULL, transfer_ba, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
