#include "checker/detect/lock_order.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "checker/runtime/site_format.hpp"

namespace braid::detect {
namespace {

using rt::Op;

// why bounds: the search is exponential in the worst case; cycles longer than kMaxCycle locks
// are rare in real code, and a test that nests locks in a loop must not make every acquisition
// slow. Dependencies beyond kMaxDependencies are not kept (the graph stops growing).
constexpr std::size_t kMaxCycle = 6;
constexpr std::size_t kMaxDependencies = 4096;
constexpr std::size_t kSearchBudget = 20000;
constexpr int kMaxReportsPerEdge = 8;
constexpr std::size_t kFull = ~std::size_t{0};  // remember(): a new dependency the graph has no room for

bool same_site(const rt::Site& a, const rt::Site& b) {
  if (a.pc != b.pc || a.loc.line() != b.loc.line()) return false;
  const char* fa = a.loc.file_name();
  const char* fb = b.loc.file_name();
  return fa == fb || std::strcmp(fa, fb) == 0;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  // why: boost-style hash_combine on 64 bits; collisions are resolved by a full comparison.
  return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

std::uint64_t site_hash(const rt::Site& s) { return mix(reinterpret_cast<std::uintptr_t>(s.pc), s.loc.line()); }

}  // namespace

void LockOrderDetector::reset() {
  ++execution_;
  for (std::vector<Hold>& h : held_) h.clear();
}

std::vector<LockOrderDetector::Hold>& LockOrderDetector::held_by(rt::ThreadId t) {
  if (t >= held_.size()) held_.resize(t + 1);
  return held_[t];
}

void LockOrderDetector::on_event(const rt::Event& e, const ExecutionView& view, BugSink& sink) {
  switch (e.op) {
    case Op::lock:
      acquired(e, view, false, true, sink);
      break;
    case Op::lock_shared:
      acquired(e, view, true, true, sink);
      break;
    case Op::try_lock:
    case Op::timed_lock:
      if (e.value != 0) acquired(e, view, false, false, sink);
      break;
    case Op::try_lock_shared:
      if (e.value != 0) acquired(e, view, true, false, sink);
      break;
    case Op::unlock:
      // value: the recursion depth left (a condition-variable wait releases to 0 at once).
      if (e.value == 0) released(e, view, false);
      break;
    case Op::unlock_shared:
      released(e, view, true);
      break;
    default:
      break;
  }
}

void LockOrderDetector::acquired(const rt::Event& e, const ExecutionView& view, bool shared, bool may_block,
                                 BugSink& sink) {
  std::vector<Hold>& held = held_by(e.thread);
  const std::uint64_t key = view.object_key(e.object);
  for (Hold& h : held) {
    // Re-entry (a recursive_mutex, or a reader taking its shared lock again) cannot block here.
    if (h.lock == key && h.shared == shared) {
      ++h.count;
      return;
    }
  }
  if (names_.find(key) == names_.end()) names_.emplace(key, view.object_name(e.object));
  if (may_block && !held.empty()) {
    bool fresh = false;
    std::size_t at = remember(Dependency{e.thread, key, shared, e.site, held, 0, 0}, fresh);
    if (at == kFull) fresh = false;
    // Every cycle through this dependency, those seen whole in this execution first. A cycle
    // through older dependencies only was looked for when the newest of them came.
    if (fresh) report_cycles(at, true, sink);
    if (fresh && deps_[at].first_seen == execution_) report_cycles(at, false, sink);
  }
  // `held` may have moved if held_ grew: take it again.
  held_by(e.thread).push_back(Hold{key, shared, 1, e.site});
}

void LockOrderDetector::released(const rt::Event& e, const ExecutionView& view, bool shared) {
  std::vector<Hold>& held = held_by(e.thread);
  const std::uint64_t key = view.object_key(e.object);
  for (std::size_t i = 0; i < held.size(); ++i) {
    if (held[i].lock != key || held[i].shared != shared) continue;
    if (!shared || --held[i].count == 0) held.erase(held.begin() + static_cast<std::ptrdiff_t>(i));
    return;
  }
}

std::size_t LockOrderDetector::remember(Dependency d, bool& fresh) {
  std::uint64_t h = mix(mix(mix(d.thread, d.lock), d.shared ? 1 : 0), site_hash(d.site));
  for (const Hold& x : d.held) h = mix(mix(mix(h, x.lock), x.shared ? 1 : 0), site_hash(x.site));
  auto [lo, hi] = by_hash_.equal_range(h);
  for (auto it = lo; it != hi; ++it) {
    Dependency& old = deps_[it->second];
    bool same = old.thread == d.thread && old.lock == d.lock && old.shared == d.shared && same_site(old.site, d.site) &&
                old.held.size() == d.held.size();
    for (std::size_t i = 0; same && i < d.held.size(); ++i) {
      same = old.held[i].lock == d.held[i].lock && old.held[i].shared == d.held[i].shared &&
             same_site(old.held[i].site, d.held[i].site);
    }
    if (!same) continue;
    fresh = old.last_seen != execution_;
    old.last_seen = execution_;
    return it->second;
  }
  if (deps_.size() >= kMaxDependencies) return kFull;
  fresh = true;
  d.first_seen = d.last_seen = execution_;
  std::size_t at = deps_.size();
  for (const Hold& x : d.held) by_held_.emplace(x.lock, at);
  by_hash_.emplace(h, at);
  deps_.push_back(std::move(d));
  return at;
}

void LockOrderDetector::report_cycles(std::size_t first, bool this_execution, BugSink& sink) {
  std::vector<std::size_t> cycle;
  // why a bound: each report marks its cycle reported, so the search moves on to the next one.
  for (int i = 0; i < kMaxReportsPerEdge && find_cycle(first, this_execution, cycle); ++i) {
    BugDraft bug = describe(cycle, this_execution);
    reported_.insert(bug_key(bug));
    sink.report(std::move(bug));
  }
}

bool LockOrderDetector::find_cycle(std::size_t first, bool this_execution, std::vector<std::size_t>& cycle) const {
  search_budget_ = kSearchBudget;
  cycle.assign(1, first);
  if (extend(cycle, this_execution, 1)) return true;
  cycle.clear();
  return false;
}

namespace {

// Whether a thread asking for `lock` (shared or not) waits for a thread whose holds are `held`:
// always, unless both the request and the hold are shared.
bool blocks(bool wants_shared, const std::vector<LockHold>& held, std::uint64_t lock) {
  for (const LockHold& h : held) {
    if (h.lock == lock) return !(wants_shared && h.shared);
  }
  return false;
}

bool disjoint(const std::vector<LockHold>& a, const std::vector<LockHold>& b) {
  for (const LockHold& x : a) {
    for (const LockHold& y : b) {
      if (x.lock == y.lock) return false;
    }
  }
  return true;
}

}  // namespace

// invariant: `path` is a chain (each dependency waits for a lock the next one holds) of distinct
// threads with pairwise disjoint held sets; it is extended until it closes on path[0].
bool LockOrderDetector::extend(std::vector<std::size_t>& path, bool this_execution, std::size_t depth) const {
  const Dependency& last = deps_[path.back()];
  const Dependency& head = deps_[path.front()];
  auto [lo, hi] = by_held_.equal_range(last.lock);
  for (auto it = lo; it != hi; ++it) {
    if (search_budget_ == 0) return false;
    --search_budget_;
    const Dependency& next = deps_[it->second];
    if (this_execution && next.last_seen != execution_) continue;
    if (!blocks(last.shared, next.held, last.lock)) continue;
    bool fits = true;
    for (std::size_t i : path) {
      fits = fits && deps_[i].thread != next.thread && disjoint(deps_[i].held, next.held);
    }
    if (!fits) continue;
    path.push_back(it->second);
    if (blocks(next.shared, head.held, next.lock) && reported_.count(bug_key(describe(path, this_execution))) == 0) {
      return true;
    }
    if (depth + 1 < kMaxCycle && extend(path, this_execution, depth + 1)) return true;
    path.pop_back();
  }
  return false;
}

std::string LockOrderDetector::name(std::uint64_t key) const {
  auto it = names_.find(key);
  return it == names_.end() ? std::string("?") : it->second;
}

// "thread 1 takes 'a' then 'b' (x.cpp:3, x.cpp:4); thread 2 takes 'b' then 'a' (x.cpp:9, x.cpp:10)"
BugDraft LockOrderDetector::describe(const std::vector<std::size_t>& cycle, bool this_execution) const {
  BugDraft bug;
  bug.kind = BugKind::lock_order_inversion;
  std::string orders;
  const std::size_t n = cycle.size();
  // why rotate: the message reads the same whichever dependency closed the cycle (lowest thread first).
  std::size_t start = 0;
  for (std::size_t i = 1; i < n; ++i) {
    if (deps_[cycle[i]].thread < deps_[cycle[start]].thread) start = i;
  }
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = (start + k) % n;
    const Dependency& d = deps_[cycle[i]];
    // The lock this dependency holds that the previous one (cyclically) waits for.
    std::uint64_t from = deps_[cycle[(i + n - 1) % n]].lock;
    const Hold* hold = &d.held.front();
    for (const Hold& h : d.held) {
      if (h.lock == from) hold = &h;
    }
    orders += fmt::format("{}thread {} takes '{}'{} then '{}'{} ({}, {})", k == 0 ? "" : "; ", d.thread,
                          name(hold->lock), hold->shared ? " shared" : "", name(d.lock), d.shared ? " shared" : "",
                          rt::short_site(hold->site), rt::short_site(d.site));
    bug.sites.push_back(hold->site);
    bug.sites.push_back(d.site);
  }
  bug.message = fmt::format(
      "lock-order inversion: {}. Run at the same time, each thread can hold its first lock and wait forever for the "
      "next: a potential deadlock, though {}",
      orders,
      this_execution ? "this execution did not deadlock"
                     : "no execution deadlocked; the orders were seen in different executions, and this "
                       "token replays only the one that completed the cycle");
  return bug;
}

}  // namespace braid::detect
