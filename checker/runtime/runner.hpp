// The Runner: many executions of one test under one strategy, in this process. It turns the
// bugs executions find into reported Bugs (token, resolved locations, trace) and stops on the
// budget (executions, time), on the first bug, or when the strategy is done.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "braid/config.hpp"
#include "braid/result.hpp"
#include "checker/detect/trace_recorder.hpp"
#include "checker/strategy/trail.hpp"

namespace braid::strategy {
class Strategy;
}  // namespace braid::strategy

namespace braid::rt {

// What a progress line shows, a few times a second.
struct Progress {
  std::string name;
  std::string strategy;
  std::uint64_t executions = 0;
  std::size_t bugs = 0;
  double elapsed_s = 0;
  double explored = -1;  // Strategy::explored_fraction(): negative when it cannot tell
  std::string phase;     // Strategy::phase()
};

class Execution;
struct Outcome;

// Runs each execution somewhere else than on the Runner's own Execution: in a forked child, so
// that an unmodified program starts every execution from the state it had at main
// (checker/instrument). It must leave the strategy as if the execution had run here.
class ExecutionHost {
 public:
  virtual ~ExecutionHost() = default;
  // One execution of `body` on `ex` (configured, its strategy set) under `s` (begun).
  virtual Outcome run(Execution& ex, strategy::Strategy& s, const std::function<void()>& body) = 0;
  // Ends the execution run() ran: s.end_execution() as that execution would have called it.
  virtual void end_execution(strategy::Strategy& s, std::uint64_t executions) = 0;
  // The steps of the execution `traced` runs (with the recorder it is given), run elsewhere too.
  virtual std::vector<detect::RecordedStep> trace(const std::function<void(detect::TraceRecorder&)>& traced) = 0;
  // The next run() may come from another strategy (a nested search): forget what the host
  // keeps of the last one's (a child that mirrors it).
  virtual void switch_strategy() {}
};

struct RunHooks {
  // Where each execution runs (nullptr: here, on the Runner's Execution).
  ExecutionHost* host = nullptr;
  // Where executions write their trail (memory shared with a parent, under isolation).
  strategy::TrailBuffer* trail = nullptr;
  // Executions finished so far, for a parent's watchdog.
  std::atomic<std::uint64_t>* executions_done = nullptr;
  // Called once per distinct bug, as soon as it is complete.
  std::function<void(const Bug&)> on_bug;
  // Called a few times a second (at most every 0.25 s) with the running totals.
  std::function<void(const Progress&)> on_progress;
  // Continue a run whose worker died: the trail of the execution it died in, and its number.
  std::optional<std::pair<strategy::Trail, std::uint64_t>> resume;
  // With a replay: receives each step as it happens.
  detect::TraceRecorder::Sink trace_sink;
  // Set by the run: the time spent by the runs its checkpoint continues (in Result::elapsed_s).
  double resumed_elapsed_s = 0;
};

Result run_in_process(const std::function<void()>& body, const Options& options, const std::string& name,
                      RunHooks& hooks);

// Why a run stopped, for the coverage line of its report.
enum class Stop { finished, max_executions, time_limit, bug, error, replay, interrupted };

// The coverage reached, in words ("complete: every interleaving explored (118 executions, dfs)",
// "not complete: 1000 executions under random (seed 7)", ...): Result::coverage.
// With options.checkpoint and a stop that saves it (a signal, --time-limit, --max-executions of
// an exhaustive strategy), the line ends by saying how to resume.
std::string describe_coverage(const Result& r, const Options& options, Stop why);

// Whether a run that stopped for `why` saves a checkpoint to go on from (rather than its result).
bool resumable(Stop why, const Options& options);

// The settings a replay token fixes, or a one-line error when `token` cannot be replayed for
// the test `name` (malformed, damaged, made by another version or for another test).
struct ReplayPlan {
  std::vector<std::uint32_t> choices;
  unsigned spurious_wakeups = 0;
  std::uint64_t max_steps = 0;
  bool keep_going = false;
};
std::variant<ReplayPlan, std::string> plan_replay(const std::string& token, const std::string& name);

// The token of an execution of test `name` that made `trail`.
std::string make_token(const std::string& name, const Options& options, const strategy::Trail& trail);

}  // namespace braid::rt
