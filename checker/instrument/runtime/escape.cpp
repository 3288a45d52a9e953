// Calls that escape the model: inside an execution they are not Braid operations, and may block
// for real (pause, a read of an empty pipe) or start what Braid cannot see (fork, system). They
// run for real, as the program asked, and are reported once per call site as warnings after the
// run; one that blocks is stopped by the hang watchdog and reported as livelock.
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/state.hpp"

namespace braid::instrument {
namespace {

void warn(const char* call, const void* pc) {
  if (active() != nullptr && current_state()->warn) current_state()->warn(call, pc);
}

// A pipe or a socket: a read or write that can wait for another process.
bool may_block(int fd) {
  struct stat st{};
  return fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

}  // namespace
}  // namespace braid::instrument

using braid::instrument::active;
using braid::instrument::may_block;
using braid::instrument::warn;

#define BRAID_PC __builtin_return_address(0)

extern "C" {

pid_t fork() {
  warn("fork()", BRAID_PC);
  return BRAID_REAL(fork)();
}

int pause() {
  warn("pause()", BRAID_PC);
  return BRAID_REAL(pause)();
}

int system(const char* command) {
  warn("system()", BRAID_PC);
  return BRAID_REAL(system)(command);
}

pid_t waitpid(pid_t pid, int* status, int options) {
  warn("waitpid()", BRAID_PC);
  return BRAID_REAL(waitpid)(pid, status, options);
}

ssize_t read(int fd, void* buf, size_t n) {
  if (active() != nullptr && may_block(fd)) warn("read() of a pipe or socket", BRAID_PC);
  return BRAID_REAL(read)(fd, buf, n);
}

}  // extern "C"
