// expect: pass
// c11_counter.c fixed: each addition runs under mtx_lock/mtx_unlock; thrd_join returns each
// thread's result.
#include <assert.h>
#include <stddef.h>
#include <threads.h>

static mtx_t total_lock;
static long total;

static int add(void* arg) {
  long n = *(long*)arg;
  mtx_lock(&total_lock);
  total += n;
  mtx_unlock(&total_lock);
  return (int)n;
}

int main(void) {
  static long amounts[2] = {3, 4};
  thrd_t t[2];
  int results[2];
  mtx_init(&total_lock, mtx_plain);
  for (int i = 0; i < 2; i++) thrd_create(&t[i], add, &amounts[i]);
  for (int i = 0; i < 2; i++) thrd_join(t[i], &results[i]);
  mtx_destroy(&total_lock);
  assert(total == 7 && results[0] + results[1] == 7);
  return 0;
}
