// Trace recording: keeps every event of an execution with the names of its objects, for the
// trace a replay prints and a report carries. Only attached when a trace is wanted (replay, or
// rebuilding the trace of a bug), so exploration pays nothing for it. With a sink it also hands
// each step on as it happens, so that a parent process keeps the steps of a worker that crashes.
#pragma once

#include <functional>
#include <vector>

#include "checker/detect/detector.hpp"

namespace braid::detect {

struct RecordedStep {
  rt::Event event;
  std::string object;
  bool blocked = false;  // an operation the thread waited to perform and never did
};

class TraceRecorder final : public Detector {
 public:
  using Sink = std::function<void(const RecordedStep&)>;
  explicit TraceRecorder(Sink sink = {}) : sink_(std::move(sink)) {}
  void reset() override { steps_.clear(); }
  void on_event(const rt::Event& e, const ExecutionView& view, BugSink& sink) override;
  void on_blocked(const rt::Event& pending, const ExecutionView& view) override;
  const std::vector<RecordedStep>& steps() const { return steps_; }

 private:
  Sink sink_;
  std::vector<RecordedStep> steps_;
};

}  // namespace braid::detect
