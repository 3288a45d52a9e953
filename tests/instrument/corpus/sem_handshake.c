// expect: deadlock
// A two-way handshake on POSIX semaphores where both sides wait for the other's post before
// posting their own: neither ever posts.
#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>

static sem_t ping, pong;

static void* responder(void* arg) {
  (void)arg;
  sem_wait(&ping);
  sem_post(&pong);
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&ping, 0, 0);
  sem_init(&pong, 0, 0);
  pthread_create(&t, NULL, responder, NULL);
  sem_wait(&pong);
  sem_post(&ping);
  pthread_join(t, NULL);
  return 0;
}
