// A thread dereferences a pointer that another thread may not have set yet.
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

static int value = 42;
static _Atomic(int*) shared;

static void* reader(void* arg) {
  (void)arg;
  int* p = atomic_load(&shared);
  return (void*)(long)*p;  // crashes when the writer has not run yet
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  atomic_store(&shared, &value);
  pthread_join(t, NULL);
  return 0;
}
