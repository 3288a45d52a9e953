#include "checker/runtime/crash_signal.hpp"

#include <fmt/format.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstring>

namespace braid::rt {
namespace {

// why: a signal handler can only reach the shared record through a global; set once in the
// process that runs executions, never in the parent.
FaultRecord* g_record = nullptr;

void on_fatal_signal(int sig, siginfo_t* info, void* uctx) {
  if (g_record != nullptr) {
    g_record->signal = sig;
    g_record->fault_addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
#if defined(__x86_64__)
    const auto* uc = static_cast<ucontext_t*>(uctx);
    g_record->fault_pc = static_cast<std::uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
    auto sp = static_cast<std::uintptr_t>(uc->uc_mcontext.gregs[REG_RSP]);
    auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
    g_record->stack_overflow = (sig == SIGSEGV && addr + 65536 > sp && addr < sp + 65536) ? 1 : 0;
#else
    (void)uctx;
#endif
    if (g_record->wake != nullptr) {
      g_record->wake->store(FaultRecord::kFaulted);
      syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(g_record->wake), FUTEX_WAKE, 1, nullptr, nullptr, 0);
    }
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

void install_crash_handlers(FaultRecord* record) {
  g_record = record;
  static char alt_stack[64 * 1024];
  stack_t ss{};
  ss.ss_sp = alt_stack;
  ss.ss_size = sizeof(alt_stack);
  sigaltstack(&ss, nullptr);
  struct sigaction sa {};
  sa.sa_sigaction = on_fatal_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP}) sigaction(sig, &sa, nullptr);
}

std::string signal_name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", sig);
}

std::string fault_words(const FaultRecord& record, int wait_signal) {
  const int sig = record.signal != 0 ? record.signal : wait_signal;
  if (record.stack_overflow != 0) return "stack overflow";
  if (sig == SIGSEGV || sig == SIGBUS) return fmt::format("{} (address 0x{:x})", signal_name(sig), record.fault_addr);
  return signal_name(sig);
}

}  // namespace braid::rt
