// expect: pass
// pthread_mutex_timedlock and pthread_cond_timedwait with absolute CLOCK_REALTIME deadlines, each
// tried once before the blocking call (say, to log a slow start): a timed-out lock takes nothing,
// and the waiter re-checks its predicate after every wake-up. (Two timed calls retried without
// bound would have a schedule in which both time out forever: see README.)
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t posted = PTHREAD_COND_INITIALIZER;
static int mail;

static struct timespec in_ms(long ms) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  t.tv_nsec += ms * 1000000L;
  t.tv_sec += t.tv_nsec / 1000000000L;
  t.tv_nsec %= 1000000000L;
  return t;
}

static void* sender(void* arg) {
  (void)arg;
  struct timespec deadline = in_ms(50);
  int rc = pthread_mutex_timedlock(&lock, &deadline);
  if (rc == ETIMEDOUT) rc = pthread_mutex_lock(&lock);
  assert(rc == 0);
  mail = 1;
  pthread_cond_signal(&posted);
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, sender, NULL);
  pthread_mutex_lock(&lock);
  if (!mail) {
    struct timespec deadline = in_ms(20);
    int rc = pthread_cond_timedwait(&posted, &lock, &deadline);
    assert(rc == 0 || rc == ETIMEDOUT);
  }
  while (!mail) pthread_cond_wait(&posted, &lock);
  pthread_mutex_unlock(&lock);
  pthread_join(t, NULL);
  return 0;
}
