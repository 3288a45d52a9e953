// expect: deadlock
// A pthread barrier is initialised for three threads but only two ever wait on it: both block
// forever at the barrier.
#include <pthread.h>
#include <stddef.h>

static pthread_barrier_t start_line;
static int results[2];

static void* runner(void* arg) {
  int id = *(int*)arg;
  results[id] = id + 1;
  pthread_barrier_wait(&start_line);
  return NULL;
}

int main(void) {
  static int ids[2] = {0, 1};
  pthread_t t[2];
  pthread_barrier_init(&start_line, NULL, 3);
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, runner, &ids[i]);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  pthread_barrier_destroy(&start_line);
  return results[0] + results[1] == 3 ? 0 : 1;
}
