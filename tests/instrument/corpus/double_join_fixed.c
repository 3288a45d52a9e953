// expect: pass
// double_join.c fixed: the cleanup path joins only a thread not joined yet.
#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

static int work;

static void* worker(void* arg) {
  (void)arg;
  work = 1;
  return NULL;
}

static void cleanup(pthread_t t, bool* joined) {
  if (!*joined) pthread_join(t, NULL);
  *joined = true;
}

int main(void) {
  pthread_t t;
  bool joined = false;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  joined = true;
  cleanup(t, &joined);
  assert(work == 1);
  return 0;
}
