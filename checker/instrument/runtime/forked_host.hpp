// Runs every execution of an unmodified program in a child forked at main, so that each one
// starts from the program's state at main (after its static constructors). The child runs one
// execution with its copy of the strategy wrapped in a strategy::Recorder; the parent replays the
// logged calls on its own strategy (strategy::Replayer), so the search goes on in the parent as if
// the execution had run there. A child that dies (a fatal signal, exit, a hang) is a crash (or a
// livelock), reported with the schedule it died in, as under isolation (runtime/isolation.cpp).
#pragma once

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

 private:
  // Forks; the child runs `child`, then exits; the parent waits for it. False when the child
  // died without finishing. quiet: the child's standard output and error go to /dev/null.
  bool fork_and_wait(const std::function<void()>& child, bool quiet);
  rt::Outcome death_outcome() const;

  HostShared* shared_;  // mapped shared, before any fork
  std::size_t bytes_;
  bool quiet_;
  double hang_timeout_s_;
  std::optional<strategy::Replayer> replayer_;
  bool died_ = false;  // the last execution's child died
  bool hung_ = false;  // ... stopped by the watchdog
  int status_ = 0;     // its waitpid status
};

}  // namespace braid::instrument
