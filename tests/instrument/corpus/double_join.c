// expect: misuse
// A cleanup path joins a thread that the normal path has already joined.
#include <pthread.h>
#include <stddef.h>

static int work;

static void* worker(void* arg) {
  (void)arg;
  work = 1;
  return NULL;
}

static void cleanup(pthread_t t) { pthread_join(t, NULL); }

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  cleanup(t);
  return work == 1 ? 0 : 1;
}
