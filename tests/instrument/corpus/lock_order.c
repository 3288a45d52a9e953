// expect: lock_order_inversion
// also: deadlock (pct, random)
// Two transfers lock the two accounts in opposite orders. Run one after the other (the first
// execution) nothing deadlocks, but the lock-order graph has a cycle: a potential deadlock.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>

struct account {
  pthread_mutex_t lock;
  int balance;
};

static struct account checking = {PTHREAD_MUTEX_INITIALIZER, 100};
static struct account savings = {PTHREAD_MUTEX_INITIALIZER, 100};

static void transfer(struct account* from, struct account* to, int amount) {
  pthread_mutex_lock(&from->lock);
  pthread_mutex_lock(&to->lock);
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&to->lock);
  pthread_mutex_unlock(&from->lock);
}

static void* pay(void* arg) {
  (void)arg;
  transfer(&checking, &savings, 10);
  return NULL;
}

static void* refund(void* arg) {
  (void)arg;
  transfer(&savings, &checking, 10);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, pay, NULL);
  pthread_create(&b, NULL, refund, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(checking.balance + savings.balance == 200);
  return 0;
}
