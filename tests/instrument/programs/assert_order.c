// main asserts that the worker has already run: true in one order only.
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

static atomic_int done;

static void* worker(void* arg) {
  (void)arg;
  atomic_store(&done, 1);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  assert(atomic_load(&done) == 1);
  pthread_join(t, NULL);
  return 0;
}
