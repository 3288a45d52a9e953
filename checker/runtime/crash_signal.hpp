// How a process that runs executions for another (an isolation worker, a forked program child)
// tells its parent how it died: handlers for the fatal signals write a FaultRecord that lives in
// memory shared with the parent, then let the signal kill the process as it would have.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace braid::rt {

// invariant: written only by the dying process's signal handler; read by the parent after
// waitpid. clear() before each run.
struct FaultRecord {
  volatile int signal;
  volatile std::uintptr_t fault_addr;
  volatile std::uintptr_t fault_pc;
  volatile int stack_overflow;  // the fault address was next to the stack pointer
  // Optional: a word in shared memory the handler sets to kFaulted and wakes (futex), so that a
  // parent waiting on it learns of the death at once.
  std::atomic<std::uint32_t>* wake;
  static constexpr std::uint32_t kFaulted = ~std::uint32_t{0};

  void clear() {
    signal = 0;
    fault_addr = 0;
    fault_pc = 0;
    stack_overflow = 0;
  }
};

// Handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT and SIGTRAP, on an alternate stack (a
// stack overflow is caught too), that fill `*record`. For this process's lifetime.
void install_crash_handlers(FaultRecord* record);

// "SIGSEGV", or "signal 42".
std::string signal_name(int sig);

// "stack overflow", "SIGSEGV (address 0x10)", "SIGABRT": what killed the process, given the
// record and the signal waitpid saw (used when the handler did not run).
std::string fault_words(const FaultRecord& record, int wait_signal);

}  // namespace braid::rt
