// Semaphores, a barrier, a read-write lock and thread-specific data together: a pipeline that
// is correct in every interleaving (passes), unless run with "skip-barrier", where a reader can
// see the table before every writer has filled its slot (an assertion fails).
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <string.h>

#define N 2
static int table[N];
static pthread_barrier_t filled;
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static sem_t done;
static pthread_key_t who;
static int skip_barrier;

static void* worker(void* arg) {
  intptr_t id = (intptr_t)arg;
  pthread_setspecific(who, arg);
  pthread_rwlock_wrlock(&table_lock);
  table[id] = (int)id + 1;
  pthread_rwlock_unlock(&table_lock);
  if (!skip_barrier) pthread_barrier_wait(&filled);
  pthread_rwlock_rdlock(&table_lock);
  int sum = table[0] + table[1];
  pthread_rwlock_unlock(&table_lock);
  assert(sum == 3);
  assert((intptr_t)pthread_getspecific(who) == id);
  sem_post(&done);
  return NULL;
}

int main(int argc, char** argv) {
  skip_barrier = argc > 1 && strcmp(argv[1], "skip-barrier") == 0;
  pthread_barrier_init(&filled, NULL, N);
  sem_init(&done, 0, 0);
  pthread_key_create(&who, NULL);
  pthread_t t[N];
  for (intptr_t i = 0; i < N; i++) pthread_create(&t[i], NULL, worker, (void*)i);
  for (int i = 0; i < N; i++) sem_wait(&done);
  for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
  return 0;
}
