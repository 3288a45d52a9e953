#include "checker/instrument/runtime/function_reentrancy.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "checker/runtime/site_format.hpp"

namespace braid::instrument {
namespace {

using rt::Op;

// A lock both sets hold, or kNoObject.
rt::ObjectId common_lock(const std::vector<rt::ObjectId>& a, const std::vector<rt::ObjectId>& b) {
  for (rt::ObjectId l : a) {
    if (std::find(b.begin(), b.end(), l) != b.end()) return l;
  }
  return rt::kNoObject;
}

}  // namespace

void FunctionReentrancy::on_lock(const rt::Event& e) {
  if (e.thread >= holds_.size()) holds_.resize(e.thread + 1);
  auto& mine = holds_[e.thread];
  auto it = std::find_if(mine.begin(), mine.end(), [&](const auto& h) { return h.first == e.object; });
  std::int64_t count = it == mine.end() ? 0 : it->second;
  switch (e.op) {
    case Op::lock:
    case Op::unlock:
      count = e.value;  // the recursion depth after
      break;
    case Op::try_lock:
    case Op::timed_lock:
    case Op::try_lock_shared:
      count += e.value;  // 1 when acquired
      break;
    case Op::lock_shared:
      ++count;
      break;
    case Op::unlock_shared:
      --count;
      break;
    default:
      return;
  }
  if (it == mine.end() && count > 0) {
    mine.emplace_back(e.object, count);
  } else if (it != mine.end() && count > 0) {
    it->second = count;
  } else if (it != mine.end()) {
    mine.erase(it);
  }
}

FunctionReentrancy::Locks FunctionReentrancy::held(rt::ThreadId t) const {
  Locks out;
  if (t < holds_.size()) {
    for (const auto& [lock, count] : holds_[t]) out.push_back(lock);
  }
  return out;
}

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
    a.reads[e.object] = Read{e.site, held(e.thread)};
    return;
  }
  const Locks locks = held(e.thread);
  if (auto stale = a.stale.find(e.object); stale != a.stale.end()) {
    // why only under a lock of the read's and the other write's: else this write races with the
    // other one, which the race detector reports.
    if (rt::ObjectId lock = common_lock(stale->second.locks, locks); lock != rt::kNoObject) {
      report(a, stale->second, lock, e, frames, view, sink);
      return;
    }
  }
  std::vector<std::uint64_t>& same = by_function_[a.function];
  prune(same);
  for (std::uint64_t id : same) {
    Activation& b = activations_.at(id);
    if (id == self || b.thread == e.thread) continue;
    auto read = b.reads.find(e.object);
    if (read == b.reads.end()) continue;
    Locks both;
    for (rt::ObjectId l : read->second.locks) {
      if (std::find(locks.begin(), locks.end(), l) != locks.end()) both.push_back(l);
    }
    if (both.empty()) continue;  // the read and this write race: a data race, reported as such
    b.stale.try_emplace(e.object,
                        Stale{e.thread, e.site, read->second.at, std::move(both), {frames.begin(), frames.end()}});
  }
}

void FunctionReentrancy::report(const Activation& a, const Stale& s, rt::ObjectId lock, const rt::Event& e,
                                std::span<const Frame> frames, const detect::ExecutionView& view,
                                detect::BugSink& sink) {
  const std::string fn = names_.function(a.function);
  const std::string state = view.object_name(e.object);
  detect::BugDraft bug;
  bug.kind = BugKind::nonreentrant;
  bug.message = fmt::format(
      "function '{}' is not reentrant: thread {}'s call read '{}' at {}, then thread {}'s call of it wrote '{}' "
      "at {} before thread {}'s returned; thread {}'s call now writes '{}' at {} from its stale read ('{}' is "
      "held at each of these accesses, not from the read to the write). Thread {}: {}. Thread {}: {}",
      fn, a.thread, state, rt::short_site(s.read_at), s.writer, state, rt::short_site(s.written_at), a.thread, a.thread,
      state, rt::short_site(e.site), view.object_name(lock), a.thread, describe_stack(frames, e.site.pc, names_),
      s.writer, describe_stack(s.writer_stack, s.written_at.pc, names_));
  bug.sites = {s.read_at, s.written_at, e.site};
  sink.report(std::move(bug));
}

}  // namespace braid::instrument
