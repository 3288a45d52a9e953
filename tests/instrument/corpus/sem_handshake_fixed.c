// expect: pass
// sem_handshake.c fixed: the initiator posts `ping` first, then waits for `pong`.
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>

static sem_t ping, pong;
static int rounds;

static void* responder(void* arg) {
  (void)arg;
  sem_wait(&ping);
  rounds++;
  sem_post(&pong);
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&ping, 0, 0);
  sem_init(&pong, 0, 0);
  pthread_create(&t, NULL, responder, NULL);
  sem_post(&ping);
  sem_wait(&pong);
  assert(rounds == 1);
  pthread_join(t, NULL);
  sem_destroy(&ping);
  sem_destroy(&pong);
  return 0;
}
