// expect: data_race
// Hand-rolled lazy initialisation: both threads may see `table` unset and build it, and the
// check reads the pointer while the other thread writes it.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static int storage[4];
static int* table;

static void* lookup(void* arg) {
  (void)arg;
  if (table == NULL) {
    for (int i = 0; i < 4; i++) storage[i] = i * i;
    table = storage;
  }
  assert(table[3] == 9);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, lookup, NULL);
  pthread_create(&b, NULL, lookup, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
