// counter_mutex(N, K): N threads each do K times { lock m; c = c + 1; unlock m }, then the test
// body joins them and asserts c == N*K. Exact dfs execution counts, asserted.
//
// Derivation of 118 for (2, 2). Under dfs every visible operation is a scheduling point, so an
// execution is one interleaving of the operations, and the count is the number of interleavings
// the semantics allow:
//   body (thread 0): S1 S2 J1 J2 R   (spawn t1, spawn t2, join t1, join t2, read c)
//   t1, t2: two critical sections each, L R W U (lock, read c, write c, unlock).
// A new thread runs at once to its first operation (its code before it is invisible), so no
// choice is made between a spawn and the new thread's start. While one worker is inside a
// critical section the other is blocked at its lock (or not spawned yet), so the four critical
// sections are atomic with respect to each other: their order is one of C(4,2) = 6 block orders,
// a sequence of 16 worker operations. The body's operations go into the gaps of that sequence:
// S1 comes first (nothing else can run); S2 in any gap before t2's first operation, at position
// p2 (p2 choices); J1 in any gap from t1's last operation e1 (and after S2) to the end; J2 and R
// only after every worker operation, so at the end. Per block order (A = t1's section, B = t2's):
//   AABB: p2 = 9, e1 = 8:   9 gaps for S2 x 9 gaps for J1 (8..16) = 81
//   ABAB: p2 = 5, e1 = 12:  5 x 5 = 25
//   ABBA: p2 = 5, e1 = 16:  5 x 1 = 5
//   BAAB: p2 = 1, e1 = 12:  1 x 5 = 5
//   BABA, BBAA: p2 = 1, e1 = 16: 1 each
// Total 81 + 25 + 5 + 5 + 1 + 1 = 118.
#include <gtest/gtest.h>

#include <braid/braid.hpp>
#include <mutex>
#include <vector>

namespace {

braid::Result counter_mutex(int threads, int increments,
                            braid::StrategyKind strategy = braid::StrategyKind::dfs) {
  braid::Options o;
  o.isolate = false;
  o.strategy = strategy;
  return braid::explore(
      [threads, increments] {
        braid::mutex m{"m"};
        braid::var<int> c{0, "c"};
        std::vector<braid::thread> ts;
        for (int i = 0; i < threads; ++i) {
          ts.emplace_back([&] {
            for (int j = 0; j < increments; ++j) {
              std::lock_guard<braid::mutex> g(m);
              c = c + 1;
            }
          });
        }
        for (braid::thread& t : ts) t.join();
        BRAID_ASSERT(c == threads * increments);
      },
      o, "counter_mutex");
}

}  // namespace

TEST(CounterMutex, TwoThreadsTwoIncrementsIs118) {
  braid::Result r = counter_mutex(2, 2);
  EXPECT_EQ(r.verdict, braid::Verdict::pass);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.executions, 118U);
}

TEST(CounterMutex, OneThreadHasOneExecution) {
  braid::Result r = counter_mutex(1, 3);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.executions, 1U);
}

// Same derivation with one critical section each: block orders AB (p2 = 5, e1 = 4: 5 x 5 = 25)
// and BA (p2 = 1, e1 = 8: 1): 26.
TEST(CounterMutex, TwoThreadsOneIncrementIs26) {
  braid::Result r = counter_mutex(2, 1);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.executions, 26U);
}

// dpor: one execution per order of the critical sections, (N*K)! / (K!)^N, the counts GenMC and
// Nidhugg report (PEERS.md): the accesses to c are ordered by the mutex in every trace.
TEST(CounterMutex, DporExploresOneExecutionPerOrderOfCriticalSections) {
  using braid::StrategyKind;
  EXPECT_EQ(counter_mutex(2, 1, StrategyKind::dpor).executions, 2U);
  EXPECT_EQ(counter_mutex(2, 2, StrategyKind::dpor).executions, 6U);
  EXPECT_EQ(counter_mutex(3, 2, StrategyKind::dpor).executions, 90U);
  braid::Result r = counter_mutex(3, 3, StrategyKind::dpor);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.pruned, 0U);
  EXPECT_EQ(r.executions, 1680U);
}

// Larger counts, pinned so that any change to the scheduling semantics shows up here.
TEST(CounterMutex, ThreeThreadsCountsArePinned) {
  EXPECT_EQ(counter_mutex(3, 1).executions, 1256U);
  EXPECT_EQ(counter_mutex(3, 2).executions, 46538U);
}

TEST(CounterMutex, SameCountEveryRun) { EXPECT_EQ(counter_mutex(2, 2).executions, counter_mutex(2, 2).executions); }
