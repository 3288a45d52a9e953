// expect: crash
// A reader checks an atomic pointer for NULL, then loads it again to use it; the writer clears
// it in between and the reader dereferences NULL.
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

struct config {
  int verbosity;
};

static struct config defaults = {3};
static struct config* _Atomic current = &defaults;
static int seen;

static void* reader(void* arg) {
  (void)arg;
  if (atomic_load(&current) != NULL) seen = atomic_load(&current)->verbosity;
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  atomic_store(&current, NULL);
  pthread_join(t, NULL);
  return seen >= 0 ? 0 : 1;
}
