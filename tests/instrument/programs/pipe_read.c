// A thread reads a pipe, a call Braid does not control: it runs for real, and braid check warns
// about it. Without a writer ("block"), the read blocks for real and the hang watchdog reports
// the execution as a livelock.
#include <pthread.h>
#include <string.h>
#include <unistd.h>

static int fds[2];

static void* reader(void* arg) {
  (void)arg;
  char c;
  read(fds[0], &c, 1);
  return NULL;
}

int main(int argc, char** argv) {
  const int block = argc > 1 && strcmp(argv[1], "block") == 0;
  pipe(fds);
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  if (!block) write(fds[1], "x", 1);
  pthread_join(t, NULL);
  return 0;
}
