// The pb (preemption bounding) and pct strategies: first through their interface on fake trees
// (as in test_dfs.cpp, with the thread chosen last as the current one), then through
// braid::explore on a lock-order deadlock and its correct twin.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "braid/config.hpp"
#include "checker/strategy/strategy.hpp"
#include "test_execution_support.hpp"

namespace braid::strategy {
namespace {

using Path = std::vector<std::uint32_t>;
using Tree = std::function<std::vector<std::uint32_t>(const Path& chosen)>;
constexpr std::uint32_t kNobody = 1000;  // the current thread before any thread runs

struct Sched {
  Path path;
  Trail trail;
  unsigned preemptions = 0;  // choices of another thread while the current one was offered
};

bool run_one(Strategy& s, const Tree& tree, Sched& out) {
  if (!s.begin_execution()) return false;
  out = Sched{};
  for (;;) {
    std::vector<std::uint32_t> options = tree(out.path);
    if (options.empty()) break;
    const std::uint32_t current = out.path.empty() ? kNobody : out.path.back();
    std::size_t i = 0;
    if (options.size() > 1) {
      i = s.pick(options, current);
      EXPECT_LT(i, options.size());
      if (i >= options.size()) break;
      out.trail.push_back(
          Choice{options[i], static_cast<std::uint16_t>(i), static_cast<std::uint16_t>(options.size())});
    }
    bool offered = std::find(options.begin(), options.end(), current) != options.end();
    if (offered && options[i] != current) ++out.preemptions;
    out.path.push_back(options[i]);
  }
  s.end_execution();
  return true;
}

std::vector<Sched> run_all(Strategy& s, const Tree& tree, std::size_t limit = 100000) {
  std::vector<Sched> runs;
  Sched r;
  while (runs.size() < limit && run_one(s, tree, r)) runs.push_back(r);
  return runs;
}

std::vector<Path> paths(const std::vector<Sched>& runs) {
  std::vector<Path> out;
  for (const Sched& r : runs) out.push_back(r.path);
  return out;
}

// Threads 1..n; thread t has steps[t-1] steps. When `after` is set, thread 2's last step waits
// for thread 1 to finish (like a join): a switch away from a waiting thread is free.
Tree threads(std::vector<unsigned> steps, bool after = false) {
  return [steps, after](const Path& p) {
    std::vector<unsigned> done(steps.size(), 0);
    for (std::uint32_t t : p) ++done[t - 1];
    std::vector<std::uint32_t> options;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (done[i] == steps[i]) continue;
      if (after && i == 1 && done[1] + 1 == steps[1] && done[0] < steps[0]) continue;
      options.push_back(static_cast<std::uint32_t>(i + 1));
    }
    return options;
  };
}

// Every schedule of `tree` (by dfs) with its preemptions.
std::map<Path, unsigned> all_schedules(const Tree& tree) {
  auto dfs = make_dfs();
  std::map<Path, unsigned> out;
  for (const Sched& r : run_all(*dfs, tree)) out[r.path] = r.preemptions;
  return out;
}

// ---- pb on fake trees ----

TEST(Pb, BoundZeroOnTwoThreadsRunsExactlyTheNonPreemptiveSchedules) {
  auto pb = make_pb(0);
  EXPECT_EQ(pb->name(), "pb");
  std::vector<Sched> runs = run_all(*pb, threads({2, 2}));
  EXPECT_EQ(paths(runs), (std::vector<Path>{{1, 1, 2, 2}, {2, 2, 1, 1}}));
  EXPECT_FALSE(pb->complete()) << "schedules with a preemption were left out";
  EXPECT_FALSE(pb->begin_execution());
}

// The 6 interleavings of two threads of two steps: AABB and BBAA have no preemption; ABBA and
// BAAB one (the switch back is free: the other thread is done); ABAB and BABA two.
TEST(Pb, BoundOneAddsTheSchedulesWithExactlyOnePreemption) {
  auto pb = make_pb(1);
  std::vector<Sched> runs = run_all(*pb, threads({2, 2}));
  ASSERT_EQ(runs.size(), 4U);
  EXPECT_EQ(runs[0].preemptions + runs[1].preemptions, 0U);
  EXPECT_EQ((std::set<Path>{runs[2].path, runs[3].path}), (std::set<Path>{{1, 2, 2, 1}, {2, 1, 1, 2}}));
  EXPECT_EQ(runs[2].preemptions + runs[3].preemptions, 2U);
  EXPECT_FALSE(pb->complete());
}

TEST(Pb, ABoundThatCoversEveryScheduleIsComplete) {
  auto pb = make_pb(2);
  std::vector<Sched> runs = run_all(*pb, threads({2, 2}));
  EXPECT_EQ(runs.size(), 6U);
  EXPECT_TRUE(pb->complete()) << "no schedule has more than 2 preemptions";
  auto larger = make_pb(7);
  EXPECT_EQ(run_all(*larger, threads({2, 2})).size(), 6U);
  EXPECT_TRUE(larger->complete()) << "iterations stop when no schedule needs more preemptions";
}

// Against brute force: iteration b runs exactly the schedules with b preemptions, each once, in
// order of b; the bound leaves out exactly the schedules above it.
void expect_matches_brute_force(const Tree& tree, unsigned bound) {
  std::map<Path, unsigned> all = all_schedules(tree);
  auto pb = make_pb(bound);
  std::vector<Sched> runs = run_all(*pb, tree);
  std::set<Path> seen;
  unsigned last = 0;
  for (const Sched& r : runs) {
    EXPECT_TRUE(seen.insert(r.path).second) << "a schedule ran twice";
    EXPECT_GE(r.preemptions, last) << "iterations run in order of bound";
    EXPECT_LE(r.preemptions, bound);
    last = r.preemptions;
  }
  std::size_t within = 0;
  unsigned most = 0;
  for (const auto& [path, n] : all) {
    most = std::max(most, n);
    if (n <= bound) {
      ++within;
      EXPECT_EQ(seen.count(path), 1U) << "a schedule within the bound was not run";
    }
  }
  EXPECT_EQ(runs.size(), within);
  EXPECT_EQ(pb->complete(), most <= bound);
}

TEST(Pb, EachIterationRunsExactlyItsSchedulesOnce) {
  for (unsigned bound = 0; bound <= 5; ++bound) {
    SCOPED_TRACE(bound);
    expect_matches_brute_force(threads({2, 2, 1}), bound);
    expect_matches_brute_force(threads({3, 2}), bound);
    expect_matches_brute_force(threads({2, 3}, true), bound);
  }
}

TEST(Pb, ResumedAfterACrashedWorkerStopsIncomplete) {
  auto pb = make_pb(3);
  pb->resume_after(Trail{{1, 0, 2}}, 1);
  EXPECT_FALSE(pb->begin_execution());
  EXPECT_FALSE(pb->complete());
}

// ---- pct on fake trees ----

TEST(Pct, TheSameSeedGivesTheSameExecutionsAndItStopsAtItsLimit) {
  auto a = make_pct(42, 40, 3);
  auto b = make_pct(42, 40, 3);
  EXPECT_EQ(a->name(), "pct");
  std::vector<Path> pa = paths(run_all(*a, threads({3, 3, 2})));
  EXPECT_EQ(pa.size(), 40U);
  EXPECT_EQ(pa, paths(run_all(*b, threads({3, 3, 2}))));
  EXPECT_FALSE(a->complete());
  auto c = make_pct(43, 40, 3);
  EXPECT_NE(pa, paths(run_all(*c, threads({3, 3, 2}))));
}

// With depth 1 there is no change point: the highest-priority thread runs to its end, so no
// execution preempts; every thread order still comes up over the executions.
TEST(Pct, DepthOneNeverPreempts) {
  auto pct = make_pct(5, 200, 1);
  std::set<Path> distinct;
  for (const Sched& r : run_all(*pct, threads({2, 2, 2}))) {
    EXPECT_EQ(r.preemptions, 0U);
    distinct.insert(r.path);
  }
  EXPECT_EQ(distinct.size(), 6U) << "3! thread orders";
}

// depth - 1 change points: depth 2 preempts at most once per execution, and does sometimes.
TEST(Pct, EachChangePointPreemptsAtMostOnce) {
  for (unsigned depth : {2U, 3U}) {
    auto pct = make_pct(9, 300, depth);
    unsigned most = 0;
    for (const Sched& r : run_all(*pct, threads({4, 4}))) most = std::max(most, r.preemptions);
    EXPECT_GE(most, 1U);
    EXPECT_LE(most, depth - 1);
  }
}

// Every execution of this tree makes 6 choices among 3 threads, so the estimate of k is the
// same for a resumed run as for the whole one, and the rest of the sequence matches.
std::vector<std::uint32_t> six_levels(const Path& p) {
  if (p.size() >= 6) return {};
  return {1, 2, 3};
}

TEST(Pct, ResumeAfterContinuesWithTheNextExecutionsSeed) {
  auto whole = make_pct(99, 10, 3);
  std::vector<Path> all = paths(run_all(*whole, six_levels));
  ASSERT_EQ(all.size(), 10U);
  auto resumed = make_pct(99, 10, 3);
  resumed->resume_after(Trail(6, Choice{1, 0, 3}), 4);
  EXPECT_EQ(paths(run_all(*resumed, six_levels)), std::vector<Path>(all.begin() + 4, all.end()));
}

// ---- make_strategy ----

TEST(MakeStrategy, PbAndPctFollowTheOptions) {
  Options o;
  o.strategy = StrategyKind::pb;
  o.bound = 0;
  auto pb = make_strategy(o);
  EXPECT_EQ(pb->name(), "pb");
  EXPECT_EQ(run_all(*pb, threads({2, 2})).size(), 2U);
  o.strategy = StrategyKind::pct;
  auto pct = make_strategy(o);
  EXPECT_EQ(pct->name(), "pct");
  EXPECT_EQ(run_all(*pct, threads({2, 2})).size(), kDefaultRandomExecutions);
  o.max_executions = 7;
  o.seed = 3;
  o.depth = 2;
  auto a = make_strategy(o);
  auto b = make_pct(3, 7, 2);
  EXPECT_EQ(paths(run_all(*a, threads({3, 3}))), paths(run_all(*b, threads({3, 3}))));
}

}  // namespace
}  // namespace braid::strategy

// ---- through braid::explore ----

namespace braid::test {
namespace {

// Two threads take two mutexes; in opposite orders they can deadlock (each holds one and waits
// for the other), which needs one preemption: t1 is preempted between its two locks.
void lock_order(bool opposite) {
  braid::mutex a{"a"};
  braid::mutex b{"b"};
  braid::thread t1([&] {
    std::lock_guard<braid::mutex> ga(a);
    std::lock_guard<braid::mutex> gb(b);
  });
  braid::thread t2([&] {
    std::lock_guard<braid::mutex> first(opposite ? b : a);
    std::lock_guard<braid::mutex> second(opposite ? a : b);
  });
  t1.join();
  t2.join();
}

// why lock_order off: these tests are about how each strategy reaches the deadlock itself; the
// lock-order detector would report the inverted order from the first execution.
Options with(StrategyKind kind) {
  Options o = in_process();
  o.strategy = kind;
  o.lock_order = false;
  return o;
}

TEST(PctExplore, FindsTheLockOrderDeadlockForTenSeeds) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE(seed);
    Options o = with(StrategyKind::pct);
    o.seed = seed;
    o.max_executions = 1000;
    Result r = explore([] { lock_order(true); }, o, "pct.lock_order");
    EXPECT_EQ(r.strategy, "pct");
    Bug b = bug_of(r, BugKind::deadlock);
    EXPECT_LE(r.executions, 1000U);
    if (!b.schedule.empty()) expect_replays([] { lock_order(true); }, "pct.lock_order", b, o);
  }
}

TEST(PctExplore, TheCorrectTwinPasses) {
  Options o = with(StrategyKind::pct);
  o.seed = 4;
  Result r = explore([] { lock_order(false); }, o, "pct.same_order");
  EXPECT_EQ(r.verdict, Verdict::pass) << describe(r);
  EXPECT_EQ(r.executions, kDefaultRandomExecutions);
  EXPECT_FALSE(r.complete);
}

TEST(PbExplore, BoundZeroMissesTheDeadlockAndSaysItIsIncomplete) {
  Options o = with(StrategyKind::pb);
  o.bound = 0;
  Result r = explore([] { lock_order(true); }, o, "pb.lock_order");
  EXPECT_EQ(r.verdict, Verdict::pass) << describe(r);
  EXPECT_FALSE(r.complete);
}

TEST(PbExplore, BoundOneFindsTheDeadlockAndItReplays) {
  Options o = with(StrategyKind::pb);
  o.bound = 1;
  Bug b = find_and_replay([] { lock_order(true); }, "pb.lock_order", BugKind::deadlock, o);
  EXPECT_GT(b.execution, 1U) << "not among the non-preemptive schedules";
}

TEST(PbExplore, TheCorrectTwinPassesAndALargeBoundCoversWhatDfsDoes) {
  Options o = with(StrategyKind::pb);
  o.bound = 1;
  Result bounded = explore([] { lock_order(false); }, o, "pb.same_order");
  EXPECT_EQ(bounded.verdict, Verdict::pass) << describe(bounded);
  EXPECT_EQ(bounded.strategy, "pb");
  o.bound = 50;
  Result full = explore([] { lock_order(false); }, o, "pb.same_order");
  Result dfs = explore([] { lock_order(false); }, with(StrategyKind::dfs), "pb.same_order");
  expect_clean(full);
  expect_clean(dfs);
  EXPECT_EQ(full.executions, dfs.executions);
  EXPECT_LT(bounded.executions, full.executions);
}

}  // namespace
}  // namespace braid::test
