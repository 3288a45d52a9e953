// expect: pass
// Per-thread state two ways: a `__thread` counter and a pthread_key_t slot with a destructor.
// Each thread touches only its own copy, so there is nothing to race on.
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

static __thread int calls;
static pthread_key_t scratch_key;
static pthread_mutex_t freed_lock = PTHREAD_MUTEX_INITIALIZER;
static int freed;

static void free_scratch(void* p) {
  free(p);
  pthread_mutex_lock(&freed_lock);
  freed++;
  pthread_mutex_unlock(&freed_lock);
}

static void* worker(void* arg) {
  int* scratch = malloc(sizeof *scratch);
  *scratch = *(int*)arg;
  pthread_setspecific(scratch_key, scratch);
  for (int i = 0; i < 3; i++) calls++;
  int* mine = pthread_getspecific(scratch_key);
  assert(mine == scratch && *mine == *(int*)arg);
  assert(calls == 3);
  return NULL;
}

int main(void) {
  static int ids[2] = {1, 2};
  pthread_key_create(&scratch_key, free_scratch);
  pthread_t t[2];
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, &ids[i]);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  assert(calls == 0);
  assert(freed == 2);
  pthread_key_delete(scratch_key);
  return 0;
}
