#include "checker/instrument/runtime/function_reentrancy.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "checker/runtime/site_format.hpp"

namespace braid::instrument {

using rt::Op;

FunctionReentrancy::Activation& FunctionReentrancy::activation(rt::ThreadId t, std::span<const Frame> frames) {
  const Frame& top = frames.back();
  auto [it, fresh] = activations_.try_emplace(top.activation);
  if (fresh) {
    it->second.function = top.function;
    it->second.thread = t;
    it->second.depth = frames.size() - 1;
    std::vector<std::uint64_t>& same = by_function_[top.function];
    prune(same);  // why here: keeps the records of a function called in a loop to the live ones
    same.push_back(top.activation);
  }
  return it->second;
}

void FunctionReentrancy::prune(std::vector<std::uint64_t>& activations) {
  std::erase_if(activations, [this](std::uint64_t id) {
    const Activation& a = activations_.at(id);
    if (stacks_.live(a.thread, a.depth, id)) return false;
    activations_.erase(id);
    return true;
  });
}

void FunctionReentrancy::on_access(const rt::Event& e, const detect::ExecutionView& view, detect::BugSink& sink) {
  std::span<const Frame> frames = stacks_.of(e.thread);
  if (frames.empty()) return;  // code the instrumentation did not enter (a library's)
  const std::uint64_t self = frames.back().activation;
  Activation& a = activation(e.thread, frames);
  if (e.op == Op::read) {
    a.stale.erase(e.object);  // read afresh: whatever it decides now is not stale
    a.reads[e.object] = e.site;
    return;
  }
  if (auto stale = a.stale.find(e.object); stale != a.stale.end()) {
    report(a, stale->second, e, frames, view, sink);
    return;
  }
  std::vector<std::uint64_t>& same = by_function_[a.function];
  prune(same);
  for (std::uint64_t id : same) {
    Activation& b = activations_.at(id);
    if (id == self || b.thread == e.thread) continue;
    auto read = b.reads.find(e.object);
    if (read == b.reads.end()) continue;
    b.stale.try_emplace(e.object, Stale{e.thread, e.site, read->second, {frames.begin(), frames.end()}});
  }
}

void FunctionReentrancy::report(const Activation& a, const Stale& s, const rt::Event& e, std::span<const Frame> frames,
                                const detect::ExecutionView& view, detect::BugSink& sink) {
  const std::string fn = names_.function(a.function);
  const std::string state = view.object_name(e.object);
  detect::BugDraft bug;
  bug.kind = BugKind::nonreentrant;
  bug.message = fmt::format(
      "function '{}' is not reentrant: thread {}'s call read '{}' at {}, then thread {}'s call of it wrote '{}' "
      "at {} before thread {}'s returned; thread {}'s call now writes '{}' at {} from its stale read. "
      "Thread {}: {}. Thread {}: {}",
      fn, a.thread, state, rt::short_site(s.read_at), s.writer, state, rt::short_site(s.written_at), a.thread, a.thread,
      state, rt::short_site(e.site), a.thread, describe_stack(frames, e.site.pc, names_), s.writer,
      describe_stack(s.writer_stack, s.written_at.pc, names_));
  bug.sites = {s.read_at, s.written_at, e.site};
  sink.report(std::move(bug));
}

}  // namespace braid::instrument
