#include "checker/detect/reentrancy.hpp"

#include <fmt/format.h>

#include "checker/runtime/site_format.hpp"

namespace braid::detect {

using rt::Op;

void ReentrancyDetector::reset() {
  activations_.clear();
  running_.clear();
  counts_.clear();
}

ReentrancyDetector::Activation& ReentrancyDetector::activation(rt::ObjectId id, const ExecutionView& view) {
  auto [it, fresh] = activations_.try_emplace(id);
  if (fresh) {
    it->second.function = view.object_name(id);
    it->second.number = ++counts_[it->second.function];
  }
  return it->second;
}

void ReentrancyDetector::on_event(const rt::Event& e, const ExecutionView& view, BugSink& sink) {
  if (runtime_checks != nullptr) {
    if (Detector* checks = runtime_checks()) checks->on_event(e, view, sink);
  }
  if (e.thread >= running_.size()) running_.resize(e.thread + 1, rt::kNoObject);
  rt::ObjectId& running = running_[e.thread];
  switch (e.op) {
    case Op::resume: {
      running = e.object;
      activation(e.object, view).suspended = false;
      return;
    }
    case Op::suspend: {
      Activation& a = activation(e.object, view);
      a.suspended = true;
      a.suspended_at = e.site;
      running = rt::kNoObject;
      return;
    }
    default:
      break;
  }
  if (running == rt::kNoObject) return;
  bool reads = e.op == Op::read || e.op == Op::load || e.op == Op::rmw;
  bool writes = e.op == Op::write || e.op == Op::store || e.op == Op::rmw;
  Activation& a = activation(running, view);
  if (reads) on_read(a, e);
  if (writes) on_write(running, a, e, view, sink);
}

void ReentrancyDetector::on_read(Activation& a, const rt::Event& e) {
  a.stale.erase(e.object);  // read afresh: whatever it decides now is not stale
  a.reads[e.object] = e.site;
}

void ReentrancyDetector::on_write(rt::ObjectId self, Activation& a, const rt::Event& e, const ExecutionView& view,
                                  BugSink& sink) {
  auto stale = a.stale.find(e.object);
  if (stale != a.stale.end()) {
    const Stale& s = stale->second;
    const Activation& other = activations_.at(s.writer);
    std::string state = view.object_name(e.object);
    BugDraft bug;
    bug.kind = BugKind::nonreentrant;
    bug.message = fmt::format(
        "coroutine '{}' is not reentrant: activation {} read '{}' at {} and suspended at {}; while it was "
        "suspended, activation {} of the same function wrote '{}' at {}; activation {} then resumed and writes "
        "'{}' at {} from its stale read",
        a.function, a.number, state, rt::short_site(s.read_at), rt::short_site(s.suspended_at), other.number, state,
        rt::short_site(s.written_at), a.number, state, rt::short_site(e.site));
    bug.sites = {s.read_at, s.suspended_at, s.written_at, e.site};
    sink.report(std::move(bug));
    return;
  }
  for (auto& [id, b] : activations_) {
    if (id == self || !b.suspended || b.function != a.function) continue;
    auto read = b.reads.find(e.object);
    if (read == b.reads.end()) continue;
    b.stale.try_emplace(e.object, Stale{self, e.site, read->second, b.suspended_at});
  }
}

}  // namespace braid::detect
