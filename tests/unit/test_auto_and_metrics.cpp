// --strategy=auto (dpor, then pct for the rest of the budget) and the metrics every run counts.
#include <array>

#include "test_execution_support.hpp"

namespace braid::test {
namespace {

// lastzero(N) (Abdulla et al., POPL 2014): 3,328 traces for N = 10, 12 for N = 3.
void lastzero(int n) {
  std::array<atomic<int>, 16> a{};
  std::vector<thread> ts;
  ts.emplace_back([&a, n] {
    for (int i = n; a[i].load() != 0; --i) {
    }
  });
  for (int j = 1; j <= n; ++j) ts.emplace_back([&a, j] { a[j].store(a[j - 1].load() + 1); });
  for (thread& t : ts) t.join();
}

Options automatic() {
  Options o = in_process();
  o.strategy = StrategyKind::automatic;
  return o;
}

TEST(AutoStrategy, SmallTestsCompleteUnderDpor) {
  Result r = explore([] { lastzero(3); }, automatic(), "auto.small");
  expect_clean(r);
  EXPECT_EQ(r.strategy, "auto");
  EXPECT_EQ(r.executions, 12U);
  EXPECT_EQ(r.coverage, "complete: every trace explored (12 executions, auto)");
}

TEST(AutoStrategy, HandsTheSecondHalfOfTheBudgetToPct) {
  Options o = automatic();
  o.max_executions = 400;
  Result r = explore([] { lastzero(10); }, o, "auto.big");
  EXPECT_EQ(r.verdict, Verdict::pass) << describe(r);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.executions, 400U);
  EXPECT_TRUE(mentions(r.coverage, "dpor did not complete in 200 executions (half the budget); then pct depth 3"))
      << r.coverage;
}

TEST(AutoStrategy, FindsTheBugDporFindsWithinItsHalf) {
  Result r = explore(
      [] {
        atomic<int> c(0, "c");
        thread a([&] { c.store(c.load() + 1); });
        thread b([&] { c.store(c.load() + 1); });
        a.join();
        b.join();
        BRAID_ASSERT(c.load() == 2);
      },
      automatic(), "auto.bug");
  ASSERT_EQ(r.bugs.size(), 1U) << describe(r);
  EXPECT_EQ(r.bugs[0].kind, BugKind::assertion_failure);
}

TEST(Metrics, CountPreemptionsForAnyStrategy) {
  auto body = [] {
    mutex m;
    var<int> x(0, "x");
    thread a([&] {
      std::lock_guard g(m);
      x = x + 1;
    });
    thread b([&] {
      std::lock_guard g(m);
      x = x + 1;
    });
    a.join();
    b.join();
  };
  Options o = in_process();
  o.strategy = StrategyKind::dfs;
  Result all = explore(body, o, "metrics");
  expect_clean(all);
  // dfs runs every schedule, some of which preempt a thread inside its critical section.
  EXPECT_GT(all.preemptions, 0U);
  EXPECT_GE(all.most_preemptions, 1U);
  EXPECT_LE(all.most_preemptions, all.preemptions);
  o.strategy = StrategyKind::pb;
  o.bound = 0;
  Result none = explore(body, o, "metrics");
  EXPECT_EQ(none.verdict, Verdict::pass) << describe(none);
  EXPECT_GT(none.executions, 0U);
  EXPECT_EQ(none.preemptions, 0U) << "bound 0 runs only schedules without a preemption";
  o.bound = 1;
  Result one = explore(body, o, "metrics");
  EXPECT_EQ(one.most_preemptions, 1U);
}

}  // namespace
}  // namespace braid::test
