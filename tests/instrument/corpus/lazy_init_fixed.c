// expect: pass
// lazy_init.c fixed: pthread_once runs the initialisation exactly once, and every caller returns
// from it after the initialisation finished.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static int storage[4];
static int* table;
static int builds;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void build_table(void) {
  for (int i = 0; i < 4; i++) storage[i] = i * i;
  table = storage;
  builds++;
}

static void* lookup(void* arg) {
  (void)arg;
  pthread_once(&table_once, build_table);
  assert(table[3] == 9);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, lookup, NULL);
  pthread_create(&b, NULL, lookup, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(builds == 1);
  return 0;
}
