// expect: leaked_thread
// main detaches a worker that records its result and returns at once: the process can end while
// the worker is still running, cutting its work short.
#include <pthread.h>
#include <stdio.h>

static int results;

static void* worker(void* arg) {
  (void)arg;
  results++;
  fputs("worker done\n", stdout);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_detach(t);
  return 0;
}
