// A handler (installed with a designated initializer) that logs through a helper: the helper's
// malloc and fprintf run in the handler too, and its static counter is shared with main.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static int logged;

static void log_event(const char* what) {
  char* copy = malloc(64);  // expect: signal-unsafe "log_event calls malloc" "reachable from signal handler on_alarm"
  fprintf(stderr, "%s\n", what);  // expect: signal-unsafe "log_event calls fprintf"
  free(copy);  // expect: signal-unsafe "log_event calls free"
  logged++;  // expect: nonreentrant "log_event writes static state logged" "reachable from thread entry main and signal handler on_alarm"
}

static void on_alarm(int sig) {
  (void)sig;
  log_event("alarm");
}

int main(void) {
  struct sigaction sa = {.sa_handler = on_alarm};
  sigaction(SIGALRM, &sa, NULL);
  log_event("start");
  return 0;
}
