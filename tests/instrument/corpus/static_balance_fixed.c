// expect: pass
// static_balance.c fixed: withdraw() holds the lock from its check to its update, so no other
// withdrawal can change the balance in between.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static int withdraw(int amount) {
  pthread_mutex_lock(&lock);
  int paid = balance >= amount;
  if (paid) balance -= amount;
  pthread_mutex_unlock(&lock);
  return paid;
}

static void* customer(void* arg) {
  int* paid = arg;
  *paid = withdraw(60);
  return NULL;
}

int main(void) {
  int paid_a = 0, paid_b = 0;
  pthread_t a, b;
  pthread_create(&a, NULL, customer, &paid_a);
  pthread_create(&b, NULL, customer, &paid_b);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(balance == 100 - 60 * (paid_a + paid_b));
  assert(paid_a + paid_b == 1);
  return 0;
}
