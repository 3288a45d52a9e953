#include "checker/detect/deadlock.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "checker/runtime/execution.hpp"
#include "checker/runtime/site_format.hpp"

namespace braid::detect {
namespace {

using rt::Execution;
using rt::Op;
using rt::ThreadId;

// A wait on a latch, barrier or event, in words.
std::string waits_to_open(const Execution& ex, const rt::ThreadState& ts, const rt::Waitable& w) {
  std::string at = rt::short_site(ts.pending_site);
  std::string name = ex.object_name(w.object);
  switch (ex.object(w.object).kind) {
    case detail::ObjectKind::latch:
      return fmt::format("latch '{}' at {}, whose count is still {} with no thread left to count it down", name, at,
                         w.count);
    case detail::ObjectKind::barrier:
      return fmt::format("barrier '{}' at {}, whose phase {} still needs {} more thread(s) to arrive", name, at,
                         w.phase, w.count);
    default:
      return fmt::format("event '{}' at {}, which no thread is left to set", name, at);
  }
}

bool is_shared_mutex(const Execution& ex, rt::ObjectId id) {
  return ex.object(id).kind == detail::ObjectKind::shared_mutex;
}

// A reader of shared_mutex `id` other than t, or kNoThread.
ThreadId other_reader(const Execution& ex, rt::ObjectId id, ThreadId t) {
  for (ThreadId r = 0; r < ex.thread_count(); ++r) {
    if (r != t && ex.shared_holds(id, r) > 0) return r;
  }
  return rt::kNoThread;
}

// A lock on shared_mutex `w`, in words: "shared_mutex 'rw' at m.cpp:9 (held by 2 readers)".
std::string waits_for_shared(const Execution& ex, const rt::ThreadState& ts, const rt::Waitable& w) {
  std::string held = w.owner != rt::kNoThread ? fmt::format("held by thread {}", w.owner)
                                              : fmt::format("held by {} reader(s)", w.count);
  return fmt::format("shared_mutex '{}' {}at {} ({})", ex.object_name(w.object),
                     ts.pending == Op::lock_shared ? "shared " : "", rt::short_site(ts.pending_site), held);
}

// What thread t waits for, in words: "mutex 'a' (held by thread 2)".
std::string waits_for(const Execution& ex, ThreadId t) {
  const rt::ThreadState& ts = ex.thread(t);
  const rt::Waitable& w = ex.waitable(ts.waits_on);
  switch (ts.pending) {
    case Op::lock:
      if (is_shared_mutex(ex, w.object)) return waits_for_shared(ex, ts, w);
      return fmt::format("mutex '{}' at {}", ex.object_name(w.object), rt::short_site(ts.pending_site));
    case Op::lock_shared:
      return waits_for_shared(ex, ts, w);
    case Op::join:
      return fmt::format("thread {} to finish (join at {})", w.exit_of, rt::short_site(ts.pending_site));
    case Op::wake:
      return fmt::format("condition variable '{}' at {}, and no thread is left to notify it", ex.object_name(w.object),
                         rt::short_site(ts.pending_site));
    case Op::acquire:
      if (ex.object(w.object).kind == detail::ObjectKind::executor) {
        return fmt::format("its coroutines (braid::block_on at {}), which wait forever: {}", rt::short_site(ts.pending_site),
                           ts.awaiting);
      }
      return fmt::format("semaphore '{}' at {}, which has no permit left and no thread left to release one",
                         ex.object_name(w.object), rt::short_site(ts.pending_site));
    case Op::await:
      return waits_to_open(ex, ts, w);
    default:
      return fmt::format("{} at {}", rt::to_string(ts.pending), rt::short_site(ts.pending_site));
  }
}

// The thread that holds what t waits for, or kNoThread.
ThreadId blocker(const Execution& ex, ThreadId t) {
  const rt::ThreadState& ts = ex.thread(t);
  if (ts.pending != Op::lock && ts.pending != Op::join && ts.pending != Op::lock_shared) return rt::kNoThread;
  const rt::Waitable& w = ex.waitable(ts.waits_on);
  // An exclusive lock of a shared_mutex that readers hold waits for any of them (one suffices to
  // close a cycle: the report names the readers' holds).
  if (w.owner == rt::kNoThread && ts.pending == Op::lock && w.count > 0) return other_reader(ex, w.object, t);
  return w.owner;
}

// A cycle in the wait-for graph reachable from `start`, or empty.
std::vector<ThreadId> find_cycle(const Execution& ex, ThreadId start) {
  std::vector<ThreadId> path;
  std::vector<int> seen_at(ex.thread_count(), -1);
  for (ThreadId t = start; t != rt::kNoThread; t = blocker(ex, t)) {
    if (seen_at[t] >= 0) return {path.begin() + seen_at[t], path.end()};
    seen_at[t] = static_cast<int>(path.size());
    path.push_back(t);
  }
  return {};
}

// Mutexes thread t holds, for the message: "holds mutex 'a' (locked at x.cpp:3)".
std::string holdings(const Execution& ex, ThreadId t, std::vector<rt::Site>& sites) {
  std::string out;
  for (rt::ObjectId id = 0; id < ex.object_count(); ++id) {
    const rt::ObjectInfo& o = ex.object(id);
    if (o.waitable == 0xffffffffU) continue;
    const rt::Waitable& w = ex.waitable(o.waitable);
    if (w.exit_of != rt::kNoThread || w.owner != t || o.kind == detail::ObjectKind::condition_variable) continue;
    out += fmt::format("{}holds {} '{}' (locked at {})", out.empty() ? "" : " and ",
                       o.kind == detail::ObjectKind::shared_mutex ? "shared_mutex" : "mutex", ex.object_name(id),
                       rt::short_site(w.acquired_at));
    sites.push_back(w.acquired_at);
  }
  for (rt::ObjectId id = 0; id < ex.object_count(); ++id) {
    rt::Site at;
    if (!is_shared_mutex(ex, id) || ex.shared_holds(id, t, &at) == 0) continue;
    out += fmt::format("{}holds shared_mutex '{}' shared (lock_shared at {})", out.empty() ? "" : " and ",
                       ex.object_name(id), rt::short_site(at));
    sites.push_back(at);
  }
  return out;
}

}  // namespace

BugDraft analyse_deadlock(const Execution& ex) {
  BugDraft bug;
  bug.kind = BugKind::deadlock;
  std::vector<ThreadId> cycle;
  for (ThreadId t = 0; t < ex.thread_count() && cycle.empty(); ++t) {
    if (!ex.thread(t).finished) cycle = find_cycle(ex, t);
  }
  std::vector<std::string> parts;
  if (!cycle.empty()) {
    for (ThreadId t : cycle) {
      std::string held = holdings(ex, t, bug.sites);
      parts.push_back(
          fmt::format("thread {} {}{}waits for {}", t, held, held.empty() ? "" : " and ", waits_for(ex, t)));
      bug.sites.push_back(ex.thread(t).pending_site);
    }
    bug.message = fmt::format("deadlock: {}", fmt::join(parts, "; "));
    return bug;
  }
  for (ThreadId t = 0; t < ex.thread_count(); ++t) {
    if (ex.thread(t).finished) continue;
    std::string held = holdings(ex, t, bug.sites);
    parts.push_back(fmt::format("thread {} {}{}waits for {}", t, held, held.empty() ? "" : " and ", waits_for(ex, t)));
    bug.sites.push_back(ex.thread(t).pending_site);
  }
  bug.message = fmt::format("deadlock: every thread is blocked: {}", fmt::join(parts, "; "));
  return bug;
}

}  // namespace braid::detect
