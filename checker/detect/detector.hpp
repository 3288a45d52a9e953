// Detectors observe the event stream of one execution (DESIGN.md, "Execution model"). They keep
// their own per-execution state, reset before each execution, and report through a BugSink.
#pragma once

#include <string>
#include <vector>

#include "braid/result.hpp"
#include "checker/runtime/event.hpp"

namespace braid::detect {

// A bug as an execution first sees it: sites are resolved to file:line when it is reported.
struct BugDraft {
  BugKind kind = BugKind::assertion_failure;
  std::string message;
  std::vector<rt::Site> sites;
};

class BugSink {
 public:
  virtual ~BugSink() = default;
  // A data race does not stop the execution when the run keeps going after bugs; every other
  // kind does. Returns normally only when the execution continues.
  virtual void report(BugDraft bug) = 0;
};

// What a detector may ask of the running execution.
class ExecutionView {
 public:
  virtual ~ExecutionView() = default;
  virtual std::uint32_t thread_count() const = 0;
  virtual std::string object_name(rt::ObjectId id) const = 0;
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual void reset() = 0;
  virtual void on_event(const rt::Event& e, const ExecutionView& view, BugSink& sink) = 0;
};

}  // namespace braid::detect
