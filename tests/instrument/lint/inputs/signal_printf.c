// A SIGINT handler that prints with printf: printf may hold stdout's lock when the signal
// arrives. The write() next to it is async-signal-safe.
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void on_interrupt(int sig) {
  printf("caught signal %d\n", sig);  // expect: signal-unsafe "signal handler on_interrupt calls printf"
  write(2, "bye\n", 4);
  _exit(1);
}

int main(void) {
  signal(SIGINT, on_interrupt);
  for (;;) pause();
}
