// expect: pass
// tls_scratch.c fixed: the buffer is `__thread`, one per thread, so each caller formats into its
// own. An initialised `__thread` (the prefix) starts at its initial value in every thread, and
// errno is per thread too: a value one thread leaves in it is not another's.
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>

static __thread char buffer[8];
static __thread char prefix = 'T';

static const char* format_id(int id) {
  buffer[0] = prefix;
  buffer[1] = (char)('0' + id);
  buffer[2] = '\0';
  return buffer;
}

static void* worker(void* arg) {
  int id = *(int*)arg;
  assert(prefix == 'T' && buffer[0] == '\0');
  const char* s = format_id(id);
  errno = 100 + id;
  sched_yield();  // the other thread may format (and set errno) now
  assert(s == buffer && s[0] == 'T' && s[1] == '0' + id && s[2] == '\0');
  assert(errno == 100 + id);
  prefix = 'U';  // this thread's prefix only
  return NULL;
}

int main(void) {
  static int ids[2] = {0, 1};
  errno = 0;
  pthread_t t[2];
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, &ids[i]);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  assert(prefix == 'T' && buffer[0] == '\0');
  return 0;
}
