// counter_mutex(2, 2) (see counter_mutex_test.cpp) under pb, iterative preemption bounding: the
// exact executions at bounds 0, 1 and 2, and with a bound large enough, the 118 of dfs.
//
// pb runs, for bound K, every schedule with at most K preemptions, each once, so its count at
// bound K is the number of dfs's 118 schedules with K preemptions or fewer. A preemption is a
// choice of another thread while the current one could go on (a switch away from a thread that
// is blocked at a held lock or a join, or that finished, is free).
//
// Notation as in counter_mutex_test.cpp: the body M does S1 S2 J1 J2 R, each worker two critical
// sections L R W U. While t1 holds m, t2 is blocked at its lock (and the other way round); M is
// blocked at J1 until t1 ends and at J2 until t2 ends. S1 is no choice (M is the only thread).
//
// Bound 0 by hand: M goes on at S2 and waits at J1, a free choice between t1 and t2.
//   t1 first: t1 runs to its end; then a free choice between M and t2. M: it waits at J2, t2
//     runs, M reads c (1). t2: runs to its end, then M (1).
//   t2 first: t2 runs to its end; M still waits for t1, so t1 runs, then M (1).
//   3 schedules.
// Bound 1 adds the schedules with exactly one preemption:
//   at S2, t1 preempts M: t1 runs to its end (M could run, but the budget is spent), M spawns
//     t2, goes on through J1, waits at J2 for t2 (1);
//   M goes on at S2, t1 first at J1: t2 can only preempt t1 between its two sections (m is free
//     only there): t2 then runs to its end, then t1, then M (1). Or no preemption in t1: t1 ends,
//     t2 chosen, and M (whose J1 is now satisfied) preempts t2 before any of t2's 7 later
//     operations, waits at J2, t2 finishes, M ends (7);
//   t2 first at J1: t1 can only preempt t2 between its sections; t1 then runs to its end and the
//     free choice after it (M or t2) gives 2 schedules (2). M cannot preempt: it waits for t1.
//   11 schedules: 3 + 11 = 14 at bound 1.
// Bound 2 and up are counted by brute force below: dfs enumerates the 118 schedules and a
// wrapper counts each one's preemptions with the definition pb uses. The histogram is
// 3 / 11 / 22 / 64 / 9 / 9 schedules with 0 / 1 / 2 / 3 / 4 / 5 preemptions, so pb runs 3, 14 and
// 36 executions at bounds 0, 1 and 2, 100 at 3, 109 at 4, and all 118, complete, from bound 5 on.
#include <gtest/gtest.h>

#include <algorithm>
#include <braid/braid.hpp>
#include <map>
#include <mutex>
#include <vector>

#include "checker/runtime/execution.hpp"
#include "checker/runtime/stack_pool.hpp"
#include "checker/strategy/strategy.hpp"

namespace {

void counter_mutex_body() {
  braid::mutex m{"m"};
  braid::var<int> c{0, "c"};
  std::vector<braid::thread> ts;
  for (int i = 0; i < 2; ++i) {
    ts.emplace_back([&] {
      for (int j = 0; j < 2; ++j) {
        std::lock_guard<braid::mutex> g(m);
        c = c + 1;
      }
    });
  }
  for (braid::thread& t : ts) t.join();
  BRAID_ASSERT(c == 4);
}

braid::Result counter_mutex_pb(unsigned bound) {
  braid::Options o;
  o.isolate = false;
  o.strategy = braid::StrategyKind::pb;
  o.bound = bound;
  return braid::explore(counter_mutex_body, o, "counter_mutex_pb");
}

// dfs, counting the preemptions of every schedule it runs.
class CountingDfs final : public braid::strategy::Strategy {
 public:
  std::string_view name() const override { return "counting-dfs"; }
  bool begin_execution() override {
    preemptions_ = 0;
    return dfs_->begin_execution();
  }
  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t current) override {
    std::size_t i = dfs_->pick(options, current);
    bool offered = std::find(options.begin(), options.end(), current) != options.end();
    if (offered && options[i] != current) ++preemptions_;
    return i;
  }
  void end_execution() override {
    ++histogram[preemptions_];
    dfs_->end_execution();
  }
  bool complete() const override { return dfs_->complete(); }
  void resume_after(const braid::strategy::Trail& t, std::uint64_t done) override { dfs_->resume_after(t, done); }

  std::map<unsigned, std::uint64_t> histogram;

 private:
  std::unique_ptr<braid::strategy::Strategy> dfs_ = braid::strategy::make_dfs();
  unsigned preemptions_ = 0;
};

std::map<unsigned, std::uint64_t> preemption_histogram() {
  braid::rt::ExecutionConfig cfg;
  braid::rt::StackPool pool(std::size_t{256} * 1024);
  std::vector<char> bytes(braid::strategy::trail_bytes(cfg.max_steps + 1));
  auto* trail = reinterpret_cast<braid::strategy::TrailBuffer*>(bytes.data());
  trail->len = 0;
  trail->capacity = cfg.max_steps + 1;
  braid::rt::Execution ex(cfg, pool, *trail);
  CountingDfs dfs;
  ex.set_strategy(&dfs);
  const std::function<void()> body = counter_mutex_body;
  while (dfs.begin_execution()) {
    braid::rt::Outcome o = ex.run(body);
    EXPECT_EQ(o.status, braid::rt::ExecutionStatus::done);
    dfs.end_execution();
  }
  return dfs.histogram;
}

}  // namespace

TEST(CounterMutexPb, PreemptionsOfTheDfsSchedules) {
  EXPECT_EQ(preemption_histogram(),
            (std::map<unsigned, std::uint64_t>{{0, 3}, {1, 11}, {2, 22}, {3, 64}, {4, 9}, {5, 9}}));
}

TEST(CounterMutexPb, BoundsZeroOneTwoRun3And14And36) {
  const std::uint64_t expected[] = {3, 14, 36};
  for (unsigned bound = 0; bound <= 2; ++bound) {
    braid::Result r = counter_mutex_pb(bound);
    EXPECT_EQ(r.verdict, braid::Verdict::pass) << "bound " << bound;
    EXPECT_EQ(r.strategy, "pb");
    EXPECT_FALSE(r.complete) << "bound " << bound << " leaves schedules out";
    EXPECT_EQ(r.executions, expected[bound]) << "bound " << bound;
  }
}

TEST(CounterMutexPb, ALargeEnoughBoundRunsThe118OfDfsAndIsComplete) {
  for (unsigned bound : {5U, 6U, 100U}) {
    braid::Result r = counter_mutex_pb(bound);
    EXPECT_EQ(r.verdict, braid::Verdict::pass);
    EXPECT_TRUE(r.complete) << "bound " << bound;
    EXPECT_EQ(r.executions, 118U) << "bound " << bound;
  }
  EXPECT_EQ(counter_mutex_pb(3).executions, 100U);
  braid::Result four = counter_mutex_pb(4);
  EXPECT_FALSE(four.complete) << "9 schedules have 5 preemptions";
  EXPECT_EQ(four.executions, 109U);
}
