// expect: pass
// sleep_sync.c fixed: main joins the worker before reading its result; the naps (usleep,
// nanosleep) stay but no longer matter.
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int result;

static void* worker(void* arg) {
  (void)arg;
  struct timespec pause = {0, 1000000};
  nanosleep(&pause, NULL);
  result = 6 * 7;
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  usleep(1000);
  pthread_join(t, NULL);
  printf("result %d\n", result);
  assert(result == 42);
  return 0;
}
