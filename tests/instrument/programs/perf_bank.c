// The program docs/performance.md measures `braid check` on: two tellers move money between
// two accounts under a mutex each (taken in one global order), while an auditor counts the
// transfers through an atomic. Correct in every interleaving.
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

#define ACCOUNTS 2
#define TRANSFERS 2

static int balance[ACCOUNTS] = {100, 100};
static pthread_mutex_t locks[ACCOUNTS] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static atomic_int transfers;

static void transfer(int from, int to, int amount) {
  int first = from < to ? from : to;
  int second = from < to ? to : from;
  pthread_mutex_lock(&locks[first]);
  pthread_mutex_lock(&locks[second]);
  balance[from] -= amount;
  balance[to] += amount;
  pthread_mutex_unlock(&locks[second]);
  pthread_mutex_unlock(&locks[first]);
  atomic_fetch_add(&transfers, 1);
}

static void* teller(void* arg) {
  int id = (int)(long)arg;
  for (int i = 0; i < TRANSFERS; i++) transfer(id, 1 - id, 10 + id);
  return NULL;
}

static void* auditor(void* arg) {
  (void)arg;
  int seen = atomic_load(&transfers);
  assert(seen >= 0 && seen <= 2 * TRANSFERS);
  return NULL;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], NULL, teller, (void*)0L);
  pthread_create(&t[1], NULL, teller, (void*)1L);
  pthread_create(&t[2], NULL, auditor, NULL);
  for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
  pthread_mutex_lock(&locks[0]);
  pthread_mutex_lock(&locks[1]);
  assert(balance[0] + balance[1] == 200);
  pthread_mutex_unlock(&locks[1]);
  pthread_mutex_unlock(&locks[0]);
  return 0;
}
