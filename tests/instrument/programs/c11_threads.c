// C11 <threads.h>: two threads add to a total under an mtx_t ("locked", passes) or without it
// (no argument: a data race).
#include <assert.h>
#include <string.h>
#include <threads.h>

static int total;
static mtx_t lock;
static int use_lock;
static once_flag once = ONCE_FLAG_INIT;
static int inits;

static void init(void) { inits++; }

static int add(void* arg) {
  call_once(&once, init);
  if (use_lock) mtx_lock(&lock);
  total += *(int*)arg;
  if (use_lock) mtx_unlock(&lock);
  return 0;
}

int main(int argc, char** argv) {
  use_lock = argc > 1 && strcmp(argv[1], "locked") == 0;
  mtx_init(&lock, mtx_plain);
  int one = 1, two = 2, res = -1;
  thrd_t a, b;
  thrd_create(&a, add, &one);
  thrd_create(&b, add, &two);
  thrd_join(a, &res);
  thrd_join(b, NULL);
  assert(res == 0 && inits == 1);
  assert(total == 3);
  mtx_destroy(&lock);
  return 0;
}
