// expect: self_deadlock
// add() holds a normal mutex and calls total(), which locks the same mutex again: a thread waits
// for itself.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int items;

static int total(void) {
  pthread_mutex_lock(&lock);
  int n = items;
  pthread_mutex_unlock(&lock);
  return n;
}

static void* add(void* arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  items++;
  int n = total();
  pthread_mutex_unlock(&lock);
  return n > 0 ? NULL : arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, add, NULL);
  pthread_create(&b, NULL, add, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return items == 2 ? 0 : 1;
}
