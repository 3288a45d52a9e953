// One Strategy interface (STYLE.md 1): the runner asks it whether to run another execution, the
// execution asks it to choose at every point with more than one option. Replay is a strategy
// too. A strategy persists across executions; nothing of it lives in the execution.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "braid/config.hpp"
#include "checker/runtime/event.hpp"
#include "checker/strategy/trail.hpp"

namespace braid::strategy {

// Returned by pick() when the run no longer matches what the strategy expects (a replayed
// token, or a dfs prefix the test did not reproduce: a nondeterministic test).
inline constexpr std::size_t kDiverged = static_cast<std::size_t>(-1);
// Returned by pick() when the strategy knows every continuation of this execution is redundant
// (partial-order reduction: all runnable threads are asleep): the execution stops uncounted.
inline constexpr std::size_t kPrune = static_cast<std::size_t>(-2);

// The operation a thread will perform when next chosen, as a strategy that follows every step
// sees it.
struct PendingStep {
  rt::Op op = rt::Op::begin;
  rt::ObjectId object = rt::kNoObject;  // per-execution id (first-use order)
  std::uint64_t key = 0;                // the object's name in every execution (0: none)
  rt::ObjectId aux = rt::kNoObject;     // a condition-variable wait: the mutex it releases
  std::uint64_t aux_key = 0;
  rt::ThreadId target = rt::kNoThread;  // a join: the thread joined
  // The thread waits at a scheduling point: the operation has not been performed (false for a
  // thread stopped in the middle of its last operation, or finished).
  bool parked = false;
};

// What a strategy that follows every step (partial-order reduction) may read of the running
// execution.
class StepView {
 public:
  virtual ~StepView() = default;
  virtual std::uint32_t thread_count() const = 0;
  virtual PendingStep pending(rt::ThreadId t) const = 0;
  virtual bool finished(rt::ThreadId t) const = 0;
  // Whether anybody holds mutex `object` now (exclusively or, a shared_mutex, shared).
  virtual bool held(rt::ObjectId object) const = 0;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual std::string_view name() const = 0;
  // Called before each execution; false when the strategy has nothing more to run.
  virtual bool begin_execution() = 0;
  // Chooses one of options (thread ids, sorted). Only called when there are at least two.
  // `current` is the thread that reached this point: it is among options when it could go on
  // running, and not when it blocked, finished or yielded (or before the first thread runs), so
  // choosing another thread while it is among options is a preemption.
  virtual std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t current) = 0;
  // A choice inside one thread's operation (which waiter a notify_one wakes): options are
  // thread ids but choosing among them schedules nothing.
  virtual std::size_t pick_data(std::span<const std::uint32_t> options, std::uint32_t current) {
    return pick(options, current);
  }
  // A strategy that answers true is asked to pick at every scheduling point, even where only one
  // thread can run, and is given a view of the execution before each one runs.
  virtual bool follows_steps() const { return false; }
  virtual void attach(const StepView* /*view*/) {}
  // Called after each execution.
  virtual void end_execution() = 0;
  // After an execution, before end_execution(): false when it belongs to another shard
  // (shard.hpp), so that it is not counted at all (executions, pruned, steps, bugs).
  virtual bool counted() const { return true; }
  // True when the executions run so far cover every schedule (exhaustive strategies only).
  virtual bool complete() const = 0;
  // Continue as if the execution that made `trail` (execution number `done`, 1-based) had just
  // ended: used when a forked worker died in it.
  virtual void resume_after(const Trail& trail, std::uint64_t done) = 0;
  // How much of the search is done, in [0, 1], for a progress estimate; negative when the
  // strategy cannot tell.
  virtual double explored_fraction() const { return -1; }
  // Where the search is, in a few words, for a progress line ("1 preemption of at most 2: ~40%"),
  // or "" when there is nothing to add to explored_fraction().
  virtual std::string phase() const { return {}; }
  // Why pick() returned kDiverged.
  virtual std::string divergence() const { return {}; }
  // After an execution: a non-empty message when it ended where the strategy did not expect it
  // to (a replay that stopped before using its whole token).
  virtual std::string end_check() const { return {}; }
  // Checkpoints (--checkpoint): called between executions only (after end_execution(), before
  // the next begin_execution()). save() writes everything the search needs to go on into `out`
  // and returns false when the strategy cannot be checkpointed; load(), on a strategy made with
  // the same options, continues exactly where the saved one stopped, or returns false when `in`
  // is not a state this strategy saved (the caller reports a damaged checkpoint).
  virtual bool save(nlohmann::json& /*out*/) const { return false; }
  virtual bool load(const nlohmann::json& /*in*/) { return false; }
};

// The determinism check of a strategy that replays a prefix of choice points: the point numbered
// `point` (1-based) offered `before` options when it was first reached and `now` options this
// time. False (with the reason in `why`) when they differ: the test is not deterministic.
bool same_options(std::size_t before, std::size_t now, std::size_t point, std::string& why);

std::unique_ptr<Strategy> make_dfs();
// Optimal dynamic partial-order reduction (source sets and wakeup trees, Abdulla et al.).
std::unique_ptr<Strategy> make_dpor();
std::unique_ptr<Strategy> make_random(std::uint64_t seed, std::uint64_t executions);
std::unique_ptr<Strategy> make_replay(std::vector<std::uint32_t> choices);
// Iterative preemption bounding (CHESS): every schedule with at most `bound` preemptions.
std::unique_ptr<Strategy> make_pb(unsigned bound);
// PCT (Burckhardt et al.): random priorities with depth - 1 priority change points.
std::unique_ptr<Strategy> make_pct(std::uint64_t seed, std::uint64_t executions, unsigned depth);

// dpor within half the budget, then PCT for the rest (--strategy=auto).
std::unique_ptr<Strategy> make_auto(const Options& options);

// The strategy Options ask for (replay excluded: the runner builds that from the token).
std::unique_ptr<Strategy> make_strategy(const Options& options);

}  // namespace braid::strategy
