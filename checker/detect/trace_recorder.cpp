#include "checker/detect/trace_recorder.hpp"

namespace braid::detect {

void TraceRecorder::on_event(const rt::Event& e, const ExecutionView& view, BugSink& /*sink*/) {
  RecordedStep step{e, e.object == rt::kNoObject ? std::string() : view.object_name(e.object)};
  if (sink_) sink_(step);
  steps_.push_back(std::move(step));
}

void TraceRecorder::on_blocked(const rt::Event& pending, const ExecutionView& view) {
  RecordedStep step{pending, pending.object == rt::kNoObject ? std::string() : view.object_name(pending.object), true};
  if (sink_) sink_(step);
  steps_.push_back(std::move(step));
}

}  // namespace braid::detect
