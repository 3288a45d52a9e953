// The fix of signal_printf.c: the handler (installed with sigaction) only sets a flag of type
// volatile sig_atomic_t and calls write(); main does the printing.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted = 0;

static void on_interrupt(int sig) {
  (void)sig;
  interrupted = 1;
  write(2, "interrupted\n", 12);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_interrupt;
  sigaction(SIGINT, &sa, NULL);
  while (!interrupted) pause();
  printf("stopping\n");
  return 0;
}
