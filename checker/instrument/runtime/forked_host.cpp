#include "checker/instrument/runtime/forked_host.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "checker/instrument/runtime/outcome_codec.hpp"
#include "checker/instrument/runtime/program_heap.hpp"
#include "checker/instrument/runtime/program_snapshot.hpp"
#include "checker/instrument/runtime/state.hpp"
#include "checker/runtime/crash_signal.hpp"

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

// invariant: mapped MAP_SHARED before any fork; a child writes, the parent reads once the
// child has set `done` (or `traced`) or died.
struct HostShared {
  std::atomic<std::uint32_t> go;      // parent -> child: the generation to run next
  std::atomic<std::uint32_t> done;    // child -> parent: the last generation finished
  std::atomic<std::uint32_t> traced;  // a trace child finished
  std::atomic<std::uint32_t> staying;  // the child waits for the next `go` after `done`
  rt::FaultRecord fault;
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

void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t seen, long timeout_ns) {
  timespec ts{timeout_ns / 1000000000L, timeout_ns % 1000000000L};
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT, seen, &ts, nullptr, 0);
}

void futex_wake(std::atomic<std::uint32_t>& word) {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, 1, nullptr, nullptr, 0);
}

// Waits until `word` differs from `seen`; returns its new value. why spin first: an execution
// of a small program takes tens of microseconds, less than a sleep and a wake-up cost here.
std::uint32_t wait_change(std::atomic<std::uint32_t>& word, std::uint32_t seen, long timeout_ns) {
  for (int i = 0; i < 2000; ++i) {
    std::uint32_t now = word.load(std::memory_order_acquire);
    if (now != seen) return now;
    __builtin_ia32_pause();
  }
  futex_wait(word, seen, timeout_ns);
  return word.load(std::memory_order_acquire);
}

void setup_child(HostShared* shared, bool quiet, std::atomic<std::uint32_t>* wake) {
  shared->fault.wake = wake;
  rt::install_crash_handlers(&shared->fault);
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

// why also without Braid's program heap (a sanitizer build): the child could not restore the
// program's state at main.
bool fork_each_requested() {
  const char* v = std::getenv("BRAID_FORK_EACH");
  return (v != nullptr && std::strcmp(v, "1") == 0) || !program_heap::enabled();
}

}  // namespace

ForkedHost::ForkedHost(std::uint64_t max_steps, bool quiet, double hang_timeout_s)
    : bytes_(sizeof(HostShared)), quiet_(quiet), hang_timeout_s_(hang_timeout_s), fork_each_(fork_each_requested()) {
  shared_ = new (map_shared(bytes_)) HostShared{};
  shared_->log_bytes = strategy::call_log_bytes(kLogWords);
  shared_->log = static_cast<strategy::CallLog*>(map_shared(shared_->log_bytes));
  shared_->log->capacity = kLogWords;
  shared_->trail_bytes = strategy::trail_bytes(max_steps + 1);
  shared_->trail = static_cast<strategy::TrailBuffer*>(map_shared(shared_->trail_bytes));
  shared_->trail->capacity = max_steps + 1;
}

ForkedHost::~ForkedHost() {
  stop_child();
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

pid_t ForkedHost::spawn(const std::function<void()>& child, bool quiet, std::atomic<std::uint32_t>& wake) {
  shared_->fault.clear();
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot fork a process for an execution");
  if (pid == 0) {
    setup_child(shared_, quiet, &wake);
    child();
    _exit(0);
  }
  return pid;
}

bool ForkedHost::wait_for(pid_t pid, int pidfd, std::atomic<std::uint32_t>& flag, std::uint32_t value) {
  // Alive while the execution reaches scheduling points: a child stuck for hang_timeout_s is
  // stopped (an infinite loop with no visible operation, or a call that blocks for real).
  std::uint64_t last = ~0ULL;
  auto since = std::chrono::steady_clock::now();
  hung_ = false;
  std::uint32_t seen = flag.load(std::memory_order_acquire);
  for (;;) {
    if (seen == value) return true;
    if (seen == rt::FaultRecord::kFaulted) break;  // the child's crash handler woke us
    seen = wait_change(flag, seen, 10'000'000L);
    if (seen == value || seen == rt::FaultRecord::kFaulted) continue;
    pollfd p{pidfd, POLLIN, 0};
    if (pidfd < 0 || poll(&p, 1, 0) != 0) break;  // it ended without finishing
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
  waitpid(pid, &status_, 0);
  return false;
}

void ForkedHost::stop_child() {
  if (child_ < 0) return;
  kill(child_, SIGKILL);
  waitpid(child_, &status_, 0);
  if (pidfd_ >= 0) close(pidfd_);
  child_ = -1;
  pidfd_ = -1;
}

void ForkedHost::run_one(rt::Execution& ex, strategy::Strategy& s, const std::function<void()>& body) {
  strategy::Recorder recorder(s, *shared_->log);
  ex.set_strategy(&recorder);
  rt::Outcome o = ex.run(body);
  end_state();
  if (o.status != rt::ExecutionStatus::diverged) recorder.end_execution();
  ex.set_strategy(&s);  // why: the recorder ends here; the next execution makes its own
  std::string text = encode_outcome(o);
  if (text.size() > kResultBytes) text = encode_outcome(too_large(o));
  std::memcpy(shared_->result, text.data(), text.size());
  shared_->result_len = text.size();
}

void ForkedHost::serve(rt::Execution& ex, strategy::Strategy& s, const std::function<void()>& body) {
  ProgramSnapshot snapshot;
  const bool again = !fork_each_ && snapshot.take();
  shared_->staying.store(again ? 1 : 0, std::memory_order_release);
  std::uint32_t generation = shared_->go.load(std::memory_order_acquire);
  for (;;) {
    run_one(ex, s, body);
    std::fflush(stdout);
    std::fflush(stderr);
    shared_->done.store(generation, std::memory_order_release);
    futex_wake(shared_->done);
    if (!again) break;
    snapshot.restore();  // while the parent replays the execution
    const std::uint32_t finished = generation;
    while ((generation = wait_change(shared_->go, finished, 1'000'000'000L)) == finished) {
    }
    // invariant: the parent sends `go` only after its own copy began an execution; this copy,
    // having seen the same calls, begins one too.
    if (!s.begin_execution()) break;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(0);
}

rt::Outcome ForkedHost::run(rt::Execution& ex, strategy::Strategy& s, const std::function<void()>& body) {
  replayer_.reset();
  shared_->trail->len = 0;
  shared_->trail->steps = 0;
  const std::uint32_t generation = ++generation_;
  shared_->go.store(generation, std::memory_order_release);
  if (child_ < 0) {
    shared_->done.store(0);
    child_ = spawn([&] { serve(ex, s, body); }, quiet_, shared_->done);
    pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, child_, 0));
  } else {
    futex_wake(shared_->go);
  }
  died_ = !wait_for(child_, pidfd_, shared_->done, generation);
  if (died_ || shared_->staying.load(std::memory_order_acquire) == 0) {
    if (!died_) waitpid(child_, &status_, 0);  // it exits after one execution
    if (pidfd_ >= 0) close(pidfd_);
    child_ = -1;
    pidfd_ = -1;
  }
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
  shared_->traced.store(0);
  pid_t pid = spawn(
      [&] {
        detect::TraceRecorder recorder([this](const detect::RecordedStep& s) {
          StepRecord& r = shared_->steps[shared_->steps_total++ % kTraceSteps];
          r.event = s.event;
          std::snprintf(r.object, sizeof(r.object), "%s", s.object.c_str());
          r.blocked = s.blocked;
        });
        traced(recorder);
        shared_->traced.store(1, std::memory_order_release);
        futex_wake(shared_->traced);
      },
      true, shared_->traced);  // why: the execution ran already, with its output shown where it is wanted
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  const int status = status_;  // why: the execution's death, if it died, is still to be reported
  if (wait_for(pid, pidfd, shared_->traced, 1)) waitpid(pid, nullptr, 0);
  status_ = status;
  if (pidfd >= 0) close(pidfd);
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
  } else if (WIFSIGNALED(status_) || shared_->fault.signal != 0) {
    const int sig = WIFSIGNALED(status_) ? WTERMSIG(status_) : 0;
    bug.message = fmt::format("thread {} crashed: {}", thread, rt::fault_words(shared_->fault, sig));
  } else {
    bug.message =
        fmt::format("the program exited with status {} in thread {} during an execution", WEXITSTATUS(status_), thread);
  }
  // +1: the report looks up pc - 1, as for return addresses; the fault pc is the instruction.
  if (shared_->fault.fault_pc != 0) {
    bug.sites.push_back(rt::Site{{}, reinterpret_cast<const void*>(shared_->fault.fault_pc + 1)});
  }
  rt::Outcome o;
  o.status = rt::ExecutionStatus::bug;
  o.steps = shared_->trail->steps;
  o.bugs.push_back(std::move(bug));
  return o;
}

}  // namespace braid::instrument
