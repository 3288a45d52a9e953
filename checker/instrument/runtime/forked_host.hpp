// Runs the executions of an unmodified program in a child process forked at main, so that each
// one starts from the program's state at main (after its static constructors) and a crash only
// kills the child. The child runs an execution with its copy of the strategy wrapped in a
// strategy::Recorder; the parent replays the logged calls on its own strategy
// (strategy::Replayer), so the search goes on in the parent as if the execution had run there.
//
// One child runs execution after execution (lockstep: the parent replays one while the child
// waits for the next `go`): between two, it restores the program's memory from a
// ProgramSnapshot taken when it was forked, and its strategy copy stays equal to the parent's
// because both see the same calls. Where no snapshot can be taken (a sanitizer build) or
// BRAID_FORK_EACH=1 is set, the child runs one execution and exits, and each execution forks
// afresh. A child that dies (a fatal signal, exit, a hang) is a crash (or a livelock), reported
// with the schedule it died in, as under isolation (runtime/isolation.cpp); the next execution
// forks a new child from the parent, whose strategy has then taken the death in.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/runtime/execution.hpp"
#include "checker/runtime/runner.hpp"
#include "checker/strategy/logged.hpp"

namespace braid::instrument {

struct HostShared;  // forked_host.cpp: memory shared with the children

class ForkedHost final : public rt::ExecutionHost {
 public:
  // max_steps: the largest execution (sizes the trail); quiet: the executions' output goes to
  // /dev/null (exploration, JSON on standard output), else to the terminal (a replay shows the
  // program's output; traces are always quiet); hang_timeout_s: a child that reaches
  // no scheduling point for this long is stopped.
  ForkedHost(std::uint64_t max_steps, bool quiet, double hang_timeout_s);
  ~ForkedHost() override;
  ForkedHost(const ForkedHost&) = delete;
  ForkedHost& operator=(const ForkedHost&) = delete;

  // The trail buffer the executions write (shared with the children): RunHooks::trail.
  strategy::TrailBuffer* trail();

  // A call the model does not control (fork, pause, a read of a pipe, ...) made at `pc` inside an
  // execution: kept, once per call and site, for warnings after the run. Called in a child.
  void warn(const char* call, const void* pc);
  struct Warning {
    std::string call;
    const void* pc;
  };
  std::vector<Warning> warnings() const;

  rt::Outcome run(rt::Execution& ex, strategy::Strategy& s, const std::function<void()>& body) override;
  void end_execution(strategy::Strategy& s, std::uint64_t executions) override;
  std::vector<detect::RecordedStep> trace(const std::function<void(detect::TraceRecorder&)>& traced) override;
  void switch_strategy() override { stop_child(); }

 private:
  // Forks a child that runs `child`, then exits, and returns its pid. quiet: the child's
  // standard output and error go to /dev/null; `wake`: the word its crash handler marks.
  pid_t spawn(const std::function<void()>& child, bool quiet, std::atomic<std::uint32_t>& wake);
  // Waits until the child sets `flag` to `value` (true) or dies or hangs (false: reaped).
  bool wait_for(pid_t pid, int pidfd, std::atomic<std::uint32_t>& flag, std::uint32_t value);
  // The child's side: executions until the parent stops it (or one, when it cannot restore).
  [[noreturn]] void serve(rt::Execution& ex, strategy::Strategy& s, const std::function<void()>& body);
  void run_one(rt::Execution& ex, strategy::Strategy& s, const std::function<void()>& body);
  void stop_child();
  rt::Outcome death_outcome() const;

  HostShared* shared_;  // mapped shared, before any fork
  std::size_t bytes_;
  bool quiet_;
  double hang_timeout_s_;
  bool fork_each_;  // one child per execution (BRAID_FORK_EACH=1)
  std::optional<strategy::Replayer> replayer_;
  pid_t child_ = -1;  // the child that waits for `go` (-1: none)
  int pidfd_ = -1;
  std::uint32_t generation_ = 0;  // executions handed to children so far
  bool died_ = false;             // the last execution's child died
  bool hung_ = false;             // ... stopped by the watchdog
  int status_ = 0;                // its waitpid status
};

}  // namespace braid::instrument
