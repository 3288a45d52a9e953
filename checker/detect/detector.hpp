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

// Two reports are the same bug when they have the same kind at the same set of source sites
// (thread numbers and the order of the two sides of a race do not matter).
std::string bug_key(const BugDraft& bug);

class BugSink {
 public:
  virtual ~BugSink() = default;
  // A data race does not stop the execution when the run keeps going after bugs, and a
  // lock-order inversion never does (the execution itself went fine); every other kind does.
  // Returns normally only when the execution continues.
  virtual void report(BugDraft bug) = 0;
};

// What a detector may ask of the running execution.
class ExecutionView {
 public:
  virtual ~ExecutionView() = default;
  virtual std::uint32_t thread_count() const = 0;
  virtual std::string object_name(rt::ObjectId id) const = 0;
  // The object's name across executions (ObjectInfo::key, see detail::Handle::birth).
  virtual std::uint64_t object_key(rt::ObjectId id) const = 0;
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual void reset() = 0;
  virtual void on_event(const rt::Event& e, const ExecutionView& view, BugSink& sink) = 0;
  // A thread that can never perform its pending operation (the execution is about to stop on a
  // deadlock or self-deadlock); `pending` is that operation.
  virtual void on_blocked(const rt::Event& pending, const ExecutionView& view) { (void)pending, (void)view; }
};

}  // namespace braid::detect
