// expect: pass
// pthread_spinlock_t (with pthread_spin_trylock as a fast path) protecting a shared total.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static pthread_spinlock_t spin;
static int total;

static void* add(void* arg) {
  int n = *(int*)arg;
  if (pthread_spin_trylock(&spin) != 0) pthread_spin_lock(&spin);
  total += n;
  pthread_spin_unlock(&spin);
  return NULL;
}

int main(void) {
  static int amounts[3] = {1, 2, 3};
  pthread_t t[3];
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, add, &amounts[i]);
  for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
  pthread_spin_destroy(&spin);
  assert(total == 6);
  return 0;
}
