// expect: data_race
// C11 <threads.h>: two thrd_t threads add to a total without the mtx_t that guards it.
#include <assert.h>
#include <stddef.h>
#include <threads.h>

static mtx_t total_lock;
static long total;

static int add(void* arg) {
  long n = *(long*)arg;
  total += n;
  return 0;
}

int main(void) {
  static long amounts[2] = {3, 4};
  thrd_t t[2];
  mtx_init(&total_lock, mtx_plain);
  for (int i = 0; i < 2; i++) thrd_create(&t[i], add, &amounts[i]);
  for (int i = 0; i < 2; i++) thrd_join(t[i], NULL);
  mtx_destroy(&total_lock);
  assert(total == 7);
  return 0;
}
