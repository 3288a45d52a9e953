// expect: pass
// lock_order.c fixed: every transfer locks the two accounts in one global order (by address),
// whichever way the money goes.
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
  struct account* first = from < to ? from : to;
  struct account* second = from < to ? to : from;
  pthread_mutex_lock(&first->lock);
  pthread_mutex_lock(&second->lock);
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&second->lock);
  pthread_mutex_unlock(&first->lock);
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
