// One failure taxonomy and one result structure, shared by every report format
// (DESIGN.md, "Bug kinds"). Renderers live in checker/report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace braid {

enum class BugKind {
  data_race,
  deadlock,
  self_deadlock,
  lock_order_inversion,
  nonreentrant,
  assertion_failure,
  crash,
  uncaught_exception,
  misuse,
  livelock,
  leaked_thread,
};

const char* to_string(BugKind kind);
std::optional<BugKind> bug_kind_from_string(std::string_view name);

struct Location {
  std::string file;
  unsigned line = 0;
  std::string function;
  bool operator==(const Location&) const = default;
};

// One visible operation of the failing execution, as the trace shows it.
struct TraceStep {
  unsigned thread = 0;
  std::string op;      // "lock", "write", "spawn", ...
  std::string object;  // the object's name, or "" when the op has none
  std::string file;
  unsigned line = 0;
  std::string detail;  // e.g. the value read or written, the thread joined
};

struct Bug {
  BugKind kind = BugKind::assertion_failure;
  std::string message;
  std::string schedule;  // the replay token
  std::vector<Location> locations;
  std::vector<TraceStep> trace;
  std::uint64_t execution = 0;  // 1-based index of the execution that found it
};

enum class Verdict { pass, bug, error };
const char* to_string(Verdict verdict);

struct Result {
  std::string name;
  Verdict verdict = Verdict::pass;
  bool complete = false;  // every interleaving was explored (exhaustive strategies only)
  // The coverage reached, in words: "complete: every interleaving explored (118 executions, dfs)",
  // "not complete: 1000 executions under random (seed 7)", ...
  std::string coverage;
  std::uint64_t executions = 0;
  std::uint64_t steps = 0;  // scheduling points over all executions
  // dpor: executions cut short because every continuation was explored elsewhere (not counted
  // in `executions`; 0 when the reduction is optimal for the test).
  std::uint64_t pruned = 0;
  // Choosing another thread while the running one could go on, over all executions, and the
  // most in one execution (counted for every strategy).
  std::uint64_t preemptions = 0;
  std::uint64_t most_preemptions = 0;
  double elapsed_s = 0;
  std::string strategy;
  std::string error;  // set when verdict == error (bad token, replay divergence, ...)
  std::vector<Bug> bugs;

  bool found(BugKind kind) const;
  std::vector<std::string> tokens() const;
};

}  // namespace braid
