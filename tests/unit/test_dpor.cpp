// The dpor strategy on real executions: exact counts where the number of Mazurkiewicz traces is
// easy to derive, and the same bugs as dfs where there are bugs.
#include <array>

#include "test_execution_support.hpp"

namespace braid::test {
namespace {

Options dpor() {
  Options o = in_process();
  o.strategy = StrategyKind::dpor;
  return o;
}

Options dfs() { return in_process(); }

// N threads each do K times { lock; c = c + 1; unlock }: the traces are the orders of the N*K
// critical sections, (N*K)! / (K!)^N of them.
Result counter(int n, int k, const Options& o) {
  return explore(
      [n, k] {
        mutex m;
        var<int> c(0, "c");
        std::vector<thread> ts;
        for (int i = 0; i < n; ++i) {
          ts.emplace_back([&] {
            for (int j = 0; j < k; ++j) {
              std::lock_guard g(m);
              c = c + 1;
            }
          });
        }
        for (thread& t : ts) t.join();
        BRAID_ASSERT(c == n * k);
      },
      o);
}

TEST(Dpor, CounterMutexCountsOrdersOfCriticalSections) {
  Result r22 = counter(2, 2, dpor());
  expect_clean(r22);
  EXPECT_EQ(r22.executions, 6U);  // 4! / (2! 2!)
  EXPECT_EQ(r22.pruned, 0U);
  Result r32 = counter(3, 2, dpor());
  expect_clean(r32);
  EXPECT_EQ(r32.executions, 90U);  // 6! / (2!)^3, as GenMC and Nidhugg count
  EXPECT_EQ(r32.pruned, 0U);
}

TEST(Dpor, IndependentWritersNeedOneExecution) {
  for (int n = 2; n <= 6; ++n) {
    Result r = explore(
        [n] {
          std::array<atomic<int>, 6> x{};
          std::vector<thread> ts;
          for (int i = 0; i < n; ++i) {
            ts.emplace_back([&x, i] {
              x[i].store(1);
              x[i].store(2);
            });
          }
          for (thread& t : ts) t.join();
        },
        dpor());
    expect_clean(r);
    EXPECT_EQ(r.executions, 1U) << "n = " << n;
  }
}

// Two threads store to one atomic and a third loads it twice: traces are the orders of the
// two stores (2) times where each load falls among them (each load sees 0, a or b: 3 places
// for the first load, then the second at or after it). Counted by hand: 2 * (3 + 2 + 1) = 12.
TEST(Dpor, StoresAndLoadsOnOneAtomic) {
  auto body = [] {
    atomic<int> x(0, "x");
    thread a([&] { x.store(1); });
    thread b([&] { x.store(2); });
    thread c([&] {
      (void)x.load();
      (void)x.load();
    });
    a.join();
    b.join();
    c.join();
  };
  Result r = explore(body, dpor());
  expect_clean(r);
  EXPECT_EQ(r.executions, 12U);
  EXPECT_EQ(r.pruned, 0U);
}

TEST(Dpor, FindsTheLostUpdateDfsFinds) {
  auto body = [] {
    atomic<int> c(0, "c");
    auto inc = [&] { c.store(c.load() + 1); };
    thread a(inc);
    thread b(inc);
    a.join();
    b.join();
    BRAID_ASSERT(c.load() == 2);
  };
  Result d = explore(body, dfs());
  Result p = explore(body, dpor());
  ASSERT_EQ(d.bugs.size(), 1U) << describe(d);
  ASSERT_EQ(p.bugs.size(), 1U) << describe(p);
  EXPECT_EQ(p.bugs[0].kind, BugKind::assertion_failure);
  Options replay = in_process();
  replay.replay = p.bugs[0].schedule;
  Result again = explore(body, replay);
  ASSERT_EQ(again.bugs.size(), 1U) << describe(again);
  EXPECT_EQ(again.bugs[0].kind, BugKind::assertion_failure);
}

TEST(Dpor, FindsTheDataRaceOnAVar) {
  Result r = explore(
      [] {
        var<int> x(0, "x");
        thread a([&] { x = 1; });
        thread b([&] { x = 2; });
        a.join();
        b.join();
      },
      dpor());
  ASSERT_EQ(r.bugs.size(), 1U) << describe(r);
  EXPECT_EQ(r.bugs[0].kind, BugKind::data_race);
}

// Two threads take two mutexes in opposite orders; the body asserts the refund did not go first.
// The deadlocking execution leaves both second locks unperformed: their races must still be
// reversed, or the "refund first" trace (and its assertion failure) is never explored.
TEST(Dpor, ExploresPastADeadlockToTheOtherOrder) {
  auto body = [] {
    mutex checking, savings;
    var<int> first(0, "first");
    thread pay([&] {
      std::lock_guard a(checking);
      std::lock_guard b(savings);
      if (first == 0) first = 1;
    });
    thread refund([&] {
      std::lock_guard a(savings);
      std::lock_guard b(checking);
      if (first == 0) first = 2;
    });
    pay.join();
    refund.join();
    BRAID_ASSERT(first != 2);
  };
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    Options o = in_process();
    o.strategy = k;
    o.keep_going = true;
    Result r = explore(body, o);
    EXPECT_TRUE(r.found(BugKind::deadlock)) << to_string(k) << ": " << describe(r);
    EXPECT_TRUE(r.found(BugKind::assertion_failure)) << to_string(k) << ": " << describe(r);
    EXPECT_TRUE(r.complete) << describe(r);
  }
  // Stopping at the first bug, dpor must not call the search complete with traces left.
  Result first = explore(body, dpor());
  ASSERT_FALSE(first.bugs.empty());
  EXPECT_FALSE(first.complete) << describe(first);
}

TEST(Dpor, FindsThePhilosophersDeadlock) {
  // why off: the lock-order detector would report the cycle from the first execution; this test
  // is about the search reaching the deadlock itself.
  Options o = dpor();
  o.lock_order = false;
  for (int n = 3; n <= 6; ++n) {
    Result r = explore(
        [n] {
          std::array<mutex, 6> forks;
          std::vector<thread> ts;
          for (int i = 0; i < n; ++i) {
            ts.emplace_back([&forks, i, n] {
              std::lock_guard left(forks[i]);
              std::lock_guard right(forks[(i + 1) % n]);
            });
          }
          for (thread& t : ts) t.join();
        },
        o);
    ASSERT_EQ(r.bugs.size(), 1U) << "n = " << n << ": " << describe(r);
    EXPECT_EQ(r.bugs[0].kind, BugKind::deadlock);
  }
}

TEST(Dpor, AgreesWithDfsOnAConditionVariableHandOff) {
  auto body = [] {
    mutex m;
    condition_variable cv;
    var<bool> ready(false, "ready");
    thread consumer([&] {
      std::unique_lock l(m);
      cv.wait(l, [&] { return ready == true; });
    });
    {
      std::lock_guard g(m);
      ready = true;
    }
    cv.notify_one();
    consumer.join();
  };
  Result d = explore(body, dfs());
  Result p = explore(body, dpor());
  expect_clean(d);
  expect_clean(p);
  EXPECT_LE(p.executions, d.executions);
}

TEST(Dpor, AgreesWithDfsOnALostWakeUp) {
  auto body = [] {
    mutex m;
    condition_variable cv;
    var<bool> ready(false, "ready");
    thread consumer([&] {
      std::unique_lock l(m);
      if (!(ready == true)) cv.wait(l);  // no loop: a notify before the wait is lost
    });
    ready = true;  // not under the mutex either
    cv.notify_one();
    consumer.join();
  };
  Result d = explore(body, dfs());
  Result p = explore(body, dpor());
  ASSERT_FALSE(d.bugs.empty()) << describe(d);
  ASSERT_FALSE(p.bugs.empty()) << describe(p);
  EXPECT_EQ(p.bugs[0].kind, d.bugs[0].kind);
}

}  // namespace
}  // namespace braid::test

namespace braid::test {
namespace {

// lastzero(N) (Abdulla et al., POPL 2014) and indexer(N) (Flanagan and Godefroid, POPL 2005).
Result lastzero(int n, const Options& o) {
  return explore(
      [n] {
        std::array<atomic<int>, 16> a{};
        std::vector<thread> ts;
        ts.emplace_back([&a, n] {
          for (int i = n; a[i].load() != 0; --i) {
          }
        });
        for (int j = 1; j <= n; ++j) ts.emplace_back([&a, j] { a[j].store(a[j - 1].load() + 1); });
        for (thread& t : ts) t.join();
      },
      o);
}

Result indexer(int n, const Options& o) {
  return explore(
      [n] {
        std::array<atomic<int>, 128> table{};
        std::vector<thread> ts;
        for (int t = 0; t < n; ++t) {
          ts.emplace_back([&table, t] {
            for (int m = 0; m < 4; ++m) {
              int w = m * 11 + t;
              int h = (w * 7) % 128;
              int expected = 0;
              while (!table[h].compare_exchange_strong(expected, w)) {
                expected = 0;
                h = (h + 1) % 128;
              }
            }
          });
        }
        for (thread& t : ts) t.join();
      },
      o);
}

// The published optimal counts (tests/litmus has the larger sizes).
TEST(Dpor, IndexerAndLastzeroSmallCounts) {
  Result i12 = indexer(12, dpor());
  expect_clean(i12);
  EXPECT_EQ(i12.executions, 8U);
  Result z4 = lastzero(4, dpor());
  expect_clean(z4);
  EXPECT_EQ(z4.executions, 28U);
  EXPECT_EQ(z4.pruned, 0U);
}

}  // namespace
}  // namespace braid::test
