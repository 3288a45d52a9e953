// expect: data_race
// main "waits" for the worker by sleeping (sleep, usleep, nanosleep) instead of joining it:
// time orders nothing, so reading the result races with writing it.
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int result;

static void* worker(void* arg) {
  (void)arg;
  result = 6 * 7;
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  sleep(1);
  usleep(1000);
  struct timespec pause = {0, 1000000};
  nanosleep(&pause, NULL);
  printf("result %d\n", result);
  pthread_join(t, NULL);
  return 0;
}
