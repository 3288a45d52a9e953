// expect: pass
// null_crash.c fixed: the reader loads the pointer once and uses the value it checked.
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

struct config {
  int verbosity;
};

static struct config defaults = {3};
static struct config* _Atomic current = &defaults;
static int seen = -1;

static void* reader(void* arg) {
  (void)arg;
  struct config* c = atomic_load(&current);
  if (c != NULL) seen = c->verbosity;
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  atomic_store(&current, NULL);
  pthread_join(t, NULL);
  assert(seen == -1 || seen == 3);
  return 0;
}
