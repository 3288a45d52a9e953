// expect: pass
// detach_leak.c fixed: main ends with pthread_exit, so the process lives until its last thread
// (the detached worker) has finished. The worker checks pthread_self against its creator.
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_t creator;
static int results;

static void* worker(void* arg) {
  (void)arg;
  assert(!pthread_equal(pthread_self(), creator));
  results++;
  fputs("worker done\n", stdout);
  return NULL;
}

int main(void) {
  creator = pthread_self();
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_detach(t);
  pthread_exit(NULL);
}
