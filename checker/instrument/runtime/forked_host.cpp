#include "checker/instrument/runtime/forked_host.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "checker/instrument/runtime/outcome_codec.hpp"

namespace braid::instrument {

namespace {

constexpr std::size_t kResultBytes = std::size_t{1} << 20;
constexpr std::size_t kTraceSteps = 4096;  // the last steps of a traced run (a ring)
constexpr std::size_t kMaxWarnings = 64;
constexpr std::uint64_t kLogWords = std::uint64_t{1} << 26;  // 256 MiB, touched only as used

struct WarningRecord {
  char call[32];
  const void* pc;
};

struct StepRecord {
  rt::Event event;
  char object[64];
  bool blocked;
};

}  // namespace

// invariant: mapped MAP_SHARED before any fork; a child writes, the parent reads after waitpid.
struct HostShared {
  std::atomic<int> done;  // the child finished and wrote `result`
  volatile int signal;
  volatile std::uintptr_t fault_addr;
  volatile std::uintptr_t fault_pc;
  volatile int stack_overflow;
  std::uint64_t result_len;
  char result[kResultBytes];
  std::uint64_t steps_total;
  StepRecord steps[kTraceSteps];
  std::uint64_t warnings;  // kept for the whole run: children add, nobody clears
  WarningRecord warning[kMaxWarnings];
  strategy::CallLog* log;        // its own mapping
  strategy::TrailBuffer* trail;  // its own mapping
  std::size_t log_bytes;
  std::size_t trail_bytes;
};

namespace {

// why: a signal handler can only reach the shared block through a global; set in children only.
HostShared* g_child_shared = nullptr;

void on_fatal_signal(int sig, siginfo_t* info, void* uctx) {
  if (g_child_shared != nullptr) {
    g_child_shared->signal = sig;
    g_child_shared->fault_addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
#if defined(__x86_64__)
    const auto* uc = static_cast<ucontext_t*>(uctx);
    g_child_shared->fault_pc = static_cast<std::uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
    auto sp = static_cast<std::uintptr_t>(uc->uc_mcontext.gregs[REG_RSP]);
    auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
    g_child_shared->stack_overflow = (sig == SIGSEGV && addr + 65536 > sp && addr < sp + 65536) ? 1 : 0;
#else
    (void)uctx;
#endif
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

void setup_child(HostShared* shared, bool quiet) {
  g_child_shared = shared;
  static char alt_stack[64 * 1024];
  stack_t ss{};
  ss.ss_sp = alt_stack;
  ss.ss_size = sizeof(alt_stack);
  sigaltstack(&ss, nullptr);
  struct sigaction sa{};
  sa.sa_sigaction = on_fatal_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP}) sigaction(sig, &sa, nullptr);
  if (quiet) {
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, 1);
      dup2(null, 2);
      close(null);
    }
  }
}

void* map_shared(std::size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::runtime_error("cannot map memory shared with the execution's process");
  return p;
}

std::string signal_name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", sig);
}

}  // namespace

ForkedHost::ForkedHost(std::uint64_t max_steps, bool quiet, double hang_timeout_s)
    : bytes_(sizeof(HostShared)), quiet_(quiet), hang_timeout_s_(hang_timeout_s) {
  shared_ = new (map_shared(bytes_)) HostShared{};
  shared_->log_bytes = strategy::call_log_bytes(kLogWords);
  shared_->log = static_cast<strategy::CallLog*>(map_shared(shared_->log_bytes));
  shared_->log->capacity = kLogWords;
  shared_->trail_bytes = strategy::trail_bytes(max_steps + 1);
  shared_->trail = static_cast<strategy::TrailBuffer*>(map_shared(shared_->trail_bytes));
  shared_->trail->capacity = max_steps + 1;
}

ForkedHost::~ForkedHost() {
  munmap(shared_->log, shared_->log_bytes);
  munmap(shared_->trail, shared_->trail_bytes);
  munmap(shared_, bytes_);
}

strategy::TrailBuffer* ForkedHost::trail() { return shared_->trail; }

void ForkedHost::warn(const char* call, const void* pc) {
  const std::uint64_t n = std::min<std::uint64_t>(shared_->warnings, kMaxWarnings);
  for (std::uint64_t i = 0; i < n; ++i) {
    if (shared_->warning[i].pc == pc && std::strcmp(shared_->warning[i].call, call) == 0) return;
  }
  if (n == kMaxWarnings) return;
  WarningRecord& w = shared_->warning[n];
  std::snprintf(w.call, sizeof(w.call), "%s", call);
  w.pc = pc;
  shared_->warnings = n + 1;  // why: children run one at a time, so no two write at once
}

std::vector<ForkedHost::Warning> ForkedHost::warnings() const {
  std::vector<Warning> out;
  for (std::uint64_t i = 0; i < std::min<std::uint64_t>(shared_->warnings, kMaxWarnings); ++i) {
    out.push_back(Warning{shared_->warning[i].call, shared_->warning[i].pc});
  }
  return out;
}

bool ForkedHost::fork_and_wait(const std::function<void()>& child, bool quiet) {
  shared_->done.store(0);
  shared_->signal = 0;
  shared_->fault_addr = 0;
  shared_->fault_pc = 0;
  shared_->stack_overflow = 0;
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot fork a process for an execution");
  if (pid == 0) {
    setup_child(shared_, quiet);
    child();
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(0);
  }
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  // Alive while the execution reaches scheduling points: a child stuck for hang_timeout_s is
  // stopped (an infinite loop with no visible operation, or a call that blocks for real).
  std::uint64_t last = ~0ULL;
  auto since = std::chrono::steady_clock::now();
  hung_ = false;
  for (;;) {
    pollfd p{pidfd, POLLIN, 0};
    if (pidfd < 0 || poll(&p, 1, 100) != 0) break;
    std::uint64_t now = shared_->trail->steps;
    if (now != last) {
      last = now;
      since = std::chrono::steady_clock::now();
    } else if (std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count() > hang_timeout_s_) {
      kill(pid, SIGKILL);
      hung_ = true;
      break;
    }
  }
  if (pidfd >= 0) close(pidfd);
  waitpid(pid, &status_, 0);
  return shared_->done.load() != 0;
}

rt::Outcome ForkedHost::run(rt::Execution& ex, strategy::Strategy& s, const std::function<void()>& body) {
  replayer_.reset();
  shared_->trail->len = 0;
  shared_->trail->steps = 0;
  died_ = !fork_and_wait(
      [&] {
        strategy::Recorder recorder(s, *shared_->log);
        ex.set_strategy(&recorder);
        rt::Outcome o = ex.run(body);
        if (o.status != rt::ExecutionStatus::diverged) recorder.end_execution();
        std::string text = encode_outcome(o);
        if (text.size() > kResultBytes) text = encode_outcome(too_large(o));
        std::memcpy(shared_->result, text.data(), text.size());
        shared_->result_len = text.size();
        shared_->done.store(1);
      },
      quiet_);
  // The choices made before a death count too (a replayed token was used up to the crash).
  replayer_.emplace(s, *shared_->log);
  replayer_->replay_run();
  if (died_) return death_outcome();
  return decode_outcome(std::string(shared_->result, shared_->result_len));
}

void ForkedHost::end_execution(strategy::Strategy& s, std::uint64_t executions) {
  if (died_) {
    // why: the child's strategy calls after its death are lost; the strategy goes on as a
    // crashed isolation worker's would (dpor: the search ends there, reported as not complete).
    s.resume_after(strategy::copy_trail(*shared_->trail), executions);
    return;
  }
  replayer_->replay_end();
}

std::vector<detect::RecordedStep> ForkedHost::trace(const std::function<void(detect::TraceRecorder&)>& traced) {
  shared_->steps_total = 0;
  fork_and_wait(
      [&] {
        detect::TraceRecorder recorder([this](const detect::RecordedStep& s) {
          StepRecord& r = shared_->steps[shared_->steps_total++ % kTraceSteps];
          r.event = s.event;
          std::snprintf(r.object, sizeof(r.object), "%s", s.object.c_str());
          r.blocked = s.blocked;
        });
        traced(recorder);
        shared_->done.store(1);
      },
      true);  // why: the execution ran already, with its output shown where it is wanted
  std::vector<detect::RecordedStep> out;
  std::uint64_t total = shared_->steps_total;
  std::uint64_t first = total > kTraceSteps ? total - kTraceSteps : 0;
  for (std::uint64_t i = first; i < total; ++i) {
    const StepRecord& r = shared_->steps[i % kTraceSteps];
    out.push_back(detect::RecordedStep{r.event, r.object, r.blocked});
  }
  return out;
}

rt::Outcome ForkedHost::death_outcome() const {
  const std::uint32_t thread = shared_->trail->running;
  detect::BugDraft bug;
  bug.kind = BugKind::crash;
  if (hung_) {
    bug.kind = BugKind::livelock;
    bug.message = fmt::format(
        "thread {} ran for {} s without reaching a scheduling point (an infinite loop with no visible "
        "operation, or a call that blocks for real?)",
        thread, hang_timeout_s_);
  } else if (WIFSIGNALED(status_) || shared_->signal != 0) {
    int sig = shared_->signal != 0 ? shared_->signal : WTERMSIG(status_);
    std::string what = shared_->stack_overflow != 0 ? "stack overflow" : signal_name(sig);
    std::string addr = (sig == SIGSEGV || sig == SIGBUS) && shared_->stack_overflow == 0
                           ? fmt::format(" (address 0x{:x})", shared_->fault_addr)
                           : std::string();
    bug.message = fmt::format("thread {} crashed: {}{}", thread, what, addr);
  } else {
    bug.message =
        fmt::format("the program exited with status {} in thread {} during an execution", WEXITSTATUS(status_), thread);
  }
  // +1: the report looks up pc - 1, as for return addresses; the fault pc is the instruction.
  if (shared_->fault_pc != 0) bug.sites.push_back(rt::Site{{}, reinterpret_cast<const void*>(shared_->fault_pc + 1)});
  rt::Outcome o;
  o.status = rt::ExecutionStatus::bug;
  o.steps = shared_->trail->steps;
  o.bugs.push_back(std::move(bug));
  return o;
}

}  // namespace braid::instrument
