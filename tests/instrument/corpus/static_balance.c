// expect: nonreentrant
// Every access to the balance is locked, but not the whole withdrawal: withdraw() checks the
// balance in one critical section and takes the money in another. When two threads' withdrawals
// overlap, the one that read first writes a balance computed from that stale read, and the other
// withdrawal is lost.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static int withdraw(int amount) {
  pthread_mutex_lock(&lock);
  int available = balance;
  pthread_mutex_unlock(&lock);
  if (available < amount) return 0;
  pthread_mutex_lock(&lock);
  balance = available - amount;
  pthread_mutex_unlock(&lock);
  return 1;
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
  return 0;
}
