// Stopping an exploration cleanly on SIGINT or SIGTERM (--checkpoint): the handlers only set a
// flag, which the runner reads between executions (never inside one), so that it can save its
// frontier and report. Under isolation the parent forwards the signal to its worker.
#pragma once

#include <sys/types.h>

namespace braid::rt {

// Installs the SIGINT and SIGTERM handlers (once; later calls do nothing).
void install_stop_handlers();
// The signal that asked the exploration to stop, or 0.
int stop_signal();
// The worker the handler forwards a stop signal to (0: none). When a stop was asked for
// before the worker existed, it is forwarded now.
void forward_stop_to(pid_t pid);
// For tests: as if `sig` had arrived (0 clears it).
void set_stop_signal(int sig);

}  // namespace braid::rt
