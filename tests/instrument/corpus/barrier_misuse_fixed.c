// expect: pass
// barrier_misuse.c fixed: the barrier counts the threads that wait on it (the two workers), and
// after it each worker reads what the other wrote before it.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static pthread_barrier_t start_line;
static int results[2];

static void* runner(void* arg) {
  int id = *(int*)arg;
  results[id] = id + 1;
  pthread_barrier_wait(&start_line);
  assert(results[1 - id] == 2 - id);
  return NULL;
}

int main(void) {
  static int ids[2] = {0, 1};
  pthread_t t[2];
  pthread_barrier_init(&start_line, NULL, 2);
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, runner, &ids[i]);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  pthread_barrier_destroy(&start_line);
  assert(results[0] + results[1] == 3);
  return 0;
}
