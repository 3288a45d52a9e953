// Lock-order analysis: a potential deadlock seen as a cycle in the lock-order graph, reported even
// when no execution deadlocked (DESIGN.md, bug kind lock_order_inversion).
//
// Every blocking acquisition of a lock L by thread t while t holds locks H is a dependency
// (t, H, L): an edge h -> L for each h in H. A cycle of dependencies (t1, H1, L1) ... (tn, Hn, Ln)
// with L(i) in H(i+1) and Ln in H1 is a potential deadlock when (the GoodLock conditions):
//   - the threads are distinct (one thread cannot wait for itself across its own edges);
//   - the held sets are pairwise disjoint (a gate lock held around both orders keeps them apart);
//   - each wait is real: t(i) waits for L(i) held by t(i+1), which blocks unless both the wait and
//     the hold are shared (readers of a shared_mutex do not exclude one another).
// try_lock, try_lock_shared and timed locks never block: they add no dependency, but the lock is
// held afterwards. Re-locking a recursive_mutex already held adds nothing.
//
// The graph lives as long as the detector: the Runner keeps one detector for a whole exploration,
// so a cycle may close over dependencies of several executions. Locks are named by their birth
// key (ObjectInfo::key), the same in every execution; threads by their number. A cycle is
// reported once per detector, in the execution whose dependency closes it; when the whole cycle
// was seen within that execution the report says so, and a replay of its token (a fresh
// detector) reports it again. A cycle pieced together from several executions says which
// execution saw the other orders: its token replays only the execution that closed it.
// A report never stops its execution: the execution itself is fine, and the rest of it may hold
// other bugs (the Runner stops exploring after it unless --keep-going).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "checker/detect/detector.hpp"

namespace braid::detect {

// A lock a thread holds, in the order it took it.
struct LockHold {
  std::uint64_t lock = 0;  // birth key
  bool shared = false;
  std::uint32_t count = 0;  // how many times this thread holds it (re-entries included)
  rt::Site site;            // where it was taken
};

class LockOrderDetector final : public Detector {
 public:
  void reset() override;
  void on_event(const rt::Event& e, const ExecutionView& view, BugSink& sink) override;

  // How many distinct dependencies (graph edges with their context) it has kept so far.
  std::size_t dependencies() const { return deps_.size(); }

 private:
  using Hold = LockHold;
  // Thread `thread` asked for `lock` at `site` while holding `held`.
  struct Dependency {
    rt::ThreadId thread = rt::kNoThread;
    std::uint64_t lock = 0;
    bool shared = false;
    rt::Site site;
    std::vector<Hold> held;
    std::uint64_t first_seen = 0;  // execution numbers (1 = the first this detector saw)
    std::uint64_t last_seen = 0;
  };

  std::vector<Hold>& held_by(rt::ThreadId t);
  void acquired(const rt::Event& e, const ExecutionView& view, bool shared, bool may_block, BugSink& sink);
  void released(const rt::Event& e, const ExecutionView& view, bool shared);
  // The index of dependency `d`, added if new (kFull when new and the graph is full); `fresh`
  // says whether this execution had not seen it.
  std::size_t remember(Dependency d, bool& fresh);
  // Reports every unreported cycle through dependency `first` (see find_cycle).
  void report_cycles(std::size_t first, bool this_execution, BugSink& sink);
  // Looks for an unreported cycle through dependency `first` (only among dependencies seen in this
  // execution when `this_execution`); fills `cycle` with dependency indices in order.
  bool find_cycle(std::size_t first, bool this_execution, std::vector<std::size_t>& cycle) const;
  bool extend(std::vector<std::size_t>& path, bool this_execution, std::size_t depth) const;
  BugDraft describe(const std::vector<std::size_t>& cycle, bool this_execution) const;
  std::string name(std::uint64_t key) const;

  // Per execution (cleared by reset()): what each thread holds, in the order it took it.
  std::vector<std::vector<Hold>> held_;
  // The graph, kept across executions.
  std::uint64_t execution_ = 0;
  std::vector<Dependency> deps_;
  std::unordered_multimap<std::uint64_t, std::size_t> by_hash_;  // dependency hash -> index
  std::unordered_multimap<std::uint64_t, std::size_t> by_held_;  // held lock -> dependencies
  std::unordered_map<std::uint64_t, std::string> names_;         // birth key -> a name
  std::set<std::string> reported_;                               // bug_key of reported cycles
  mutable std::size_t search_budget_ = 0;                        // steps left to the running search
};

}  // namespace braid::detect
