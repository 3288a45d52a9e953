// The lock-order detector (checker/detect/lock_order.hpp) under braid::explore: an inversion is
// reported from an execution that did not deadlock, consistent orders and guarded orders are not,
// shared holds only conflict with exclusive ones, and the token replays the same report.
#include <algorithm>
#include <mutex>
#include <shared_mutex>

#include "tests/unit/test_execution_support.hpp"

namespace braid::test {
namespace {

constexpr const char* kFile = "test_lock_order.cpp";

Options first_execution_only() {
  Options o = in_process();
  o.max_executions = 1;
  return o;
}

// Takes `first` then `second`, holding both.
void nested(braid::mutex& first, braid::mutex& second) {
  std::lock_guard<braid::mutex> a(first);
  std::lock_guard<braid::mutex> b(second);
}

// Thread 1 takes a then b, thread 2 b then a. The first execution (dpor runs the threads one
// after the other) does not deadlock, yet the inversion is reported from it.
void two_lock_inversion() {
  braid::mutex a("a");
  braid::mutex b("b");
  braid::thread t1([&] { nested(a, b); });
  braid::thread t2([&] { nested(b, a); });
  t1.join();
  t2.join();
}

TEST(LockOrder, InversionFoundInTheFirstExecutionThatDoesNotDeadlock) {
  Result r = explore(two_lock_inversion, first_execution_only(), "lock_order.two");
  ASSERT_EQ(r.executions, 1U) << describe(r);
  ASSERT_EQ(r.bugs.size(), 1U) << describe(r);
  const Bug b = bug_of(r, BugKind::lock_order_inversion);
  EXPECT_EQ(b.execution, 1U);
  for (const char* words : {"thread 1 takes 'a' then 'b'", "thread 2 takes 'b' then 'a'", "did not deadlock"}) {
    EXPECT_TRUE(mentions(b.message, words)) << b.message;
  }
  // Both lines of nested(): where the held lock was taken and where the next was requested.
  EXPECT_EQ(lines_in(b, kFile).size(), 2U) << b.message;
  // The execution ran to its end: the trace holds both threads' finish.
  EXPECT_EQ(std::count_if(b.trace.begin(), b.trace.end(), [](const TraceStep& s) { return s.op == "finish"; }), 3);
}

TEST(LockOrder, TokenReplaysTheSameInversion) {
  Bug b = find_and_replay(two_lock_inversion, "lock_order.two", BugKind::lock_order_inversion, first_execution_only());
  EXPECT_TRUE(mentions(b.message, "did not deadlock")) << b.message;
}

TEST(LockOrder, ConsistentOrderPassesComplete) {
  auto body = [] {
    braid::mutex a("a");
    braid::mutex b("b");
    braid::thread t1([&] { nested(a, b); });
    braid::thread t2([&] { nested(a, b); });
    t1.join();
    t2.join();
  };
  expect_clean(explore(body, in_process(), "lock_order.consistent"));
}

TEST(LockOrder, ThreeLockCycle) {
  auto body = [] {
    braid::mutex a("a");
    braid::mutex b("b");
    braid::mutex c("c");
    braid::thread t1([&] { nested(a, b); });
    braid::thread t2([&] { nested(b, c); });
    braid::thread t3([&] { nested(c, a); });
    t1.join();
    t2.join();
    t3.join();
  };
  Bug b = find_and_replay(body, "lock_order.three", BugKind::lock_order_inversion, first_execution_only());
  for (const char* words : {"takes 'a' then 'b'", "takes 'b' then 'c'", "takes 'c' then 'a'"}) {
    EXPECT_TRUE(mentions(b.message, words)) << b.message;
  }
}

// Both orders run under the gate lock `g`: they can never overlap, so there is no inversion
// (and the complete exploration confirms that no execution deadlocks).
TEST(LockOrder, GateLockSuppressesTheReport) {
  auto body = [] {
    braid::mutex g("g");
    braid::mutex a("a");
    braid::mutex b("b");
    braid::thread t1([&] {
      std::lock_guard<braid::mutex> gate(g);
      nested(a, b);
    });
    braid::thread t2([&] {
      std::lock_guard<braid::mutex> gate(g);
      nested(b, a);
    });
    t1.join();
    t2.join();
  };
  expect_clean(explore(body, in_process(), "lock_order.gate"));
}

// One thread taking both orders cannot wait for itself.
TEST(LockOrder, OneThreadAloneIsNoInversion) {
  auto body = [] {
    braid::mutex a("a");
    braid::mutex b("b");
    braid::thread t1([&] {
      nested(a, b);
      nested(b, a);
    });
    t1.join();
  };
  expect_clean(explore(body, in_process(), "lock_order.one_thread"));
}

// Readers of a shared_mutex do not exclude each other: taking `rw` shared in both orders with
// `m` is no deadlock. Taking it exclusively on one side is.
void readers_and(bool writer) {
  braid::shared_mutex rw("rw");
  braid::mutex m("m");
  braid::thread t1([&] {
    std::shared_lock<braid::shared_mutex> r(rw);
    std::lock_guard<braid::mutex> l(m);
  });
  braid::thread t2([&] {
    std::lock_guard<braid::mutex> l(m);
    if (writer) {
      std::unique_lock<braid::shared_mutex> w(rw);
    } else {
      std::shared_lock<braid::shared_mutex> r(rw);
    }
  });
  t1.join();
  t2.join();
}

TEST(LockOrder, SharedMutexReadersDoNotInvert) {
  expect_clean(explore([] { readers_and(false); }, in_process(), "lock_order.readers"));
}

TEST(LockOrder, SharedMutexWriterInverts) {
  Bug b = find_and_replay([] { readers_and(true); }, "lock_order.writer", BugKind::lock_order_inversion,
                          first_execution_only());
  EXPECT_TRUE(mentions(b.message, "takes 'rw' shared then 'm'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "takes 'm' then 'rw'")) << b.message;
}

// A try_lock never blocks: the reverse order taken with try_lock (backing off when busy) is no
// inversion.
TEST(LockOrder, TryLockAddsNoEdge) {
  auto body = [] {
    braid::mutex a("a");
    braid::mutex b("b");
    braid::thread t1([&] { nested(a, b); });
    braid::thread t2([&] {
      std::lock_guard<braid::mutex> hold(b);
      if (a.try_lock()) a.unlock();
    });
    t1.join();
    t2.join();
  };
  expect_clean(explore(body, in_process(), "lock_order.try_lock"));
}

// Only the thread that wins the exchange takes its two locks: one execution has a -> b (thread
// 1), another b -> a (thread 2), never both. The graph kept across executions closes the cycle
// in the second; its report says the orders came from different executions, and its token
// replays that execution alone, which shows one order and no inversion (docs/limitations.md).
TEST(LockOrder, CycleAcrossExecutionsIsReportedAndSaysSo) {
  auto body = [] {
    braid::mutex a("a");
    braid::mutex b("b");
    braid::atomic<int> turn{0};
    braid::thread t1([&] {
      if (turn.exchange(1) == 0) nested(a, b);
    });
    braid::thread t2([&] {
      if (turn.exchange(2) == 0) nested(b, a);
    });
    t1.join();
    t2.join();
  };
  Options o = in_process();
  Result r = explore(body, o, "lock_order.across");
  const Bug b = bug_of(r, BugKind::lock_order_inversion);
  EXPECT_GT(b.execution, 1U) << describe(r);
  EXPECT_TRUE(mentions(b.message, "seen in different executions")) << b.message;
  o.replay = b.schedule;
  Result again = explore(body, o, "lock_order.across");
  EXPECT_EQ(again.verdict, Verdict::pass) << describe(again);
  EXPECT_TRUE(again.error.empty()) << again.error;
  // Only one thread ever takes its pair: no schedule deadlocks, and the report offers none.
  EXPECT_FALSE(mentions(b.message, "deadlocks under")) << b.message;
}

// The report of an inversion carries a schedule that realises it, found by a bounded search
// after the execution that closed the cycle, even when the run itself is limited to that one.
TEST(LockOrder, InversionComesWithAScheduleThatDeadlocks) {
  Result r = explore(two_lock_inversion, first_execution_only(), "lock_order.two");
  ASSERT_EQ(r.executions, 1U) << describe(r);
  const Bug b = bug_of(r, BugKind::lock_order_inversion);
  const std::string marker = "this order deadlocks under --replay=";
  const std::size_t at = b.message.find(marker);
  ASSERT_NE(at, std::string::npos) << b.message;
  Options o = in_process();
  o.replay = b.message.substr(at + marker.size());
  Result again = explore(two_lock_inversion, o, "lock_order.two");
  ASSERT_EQ(again.verdict, Verdict::bug) << describe(again);
  // The replayed schedule deadlocks (it closes the cycle too, so the inversion comes with it).
  EXPECT_TRUE(std::any_of(again.bugs.begin(), again.bugs.end(), [](const Bug& x) {
    return x.kind == BugKind::deadlock;
  })) << describe(again);
}

// With --keep-going, dpor (the default) still reaches the deadlock the inversion predicts, as a
// second bug; the inversion is reported once.
TEST(LockOrder, KeepGoingAlsoFindsTheDeadlock) {
  Options o = in_process();
  o.keep_going = true;
  Result r = explore(two_lock_inversion, o, "lock_order.two");
  EXPECT_TRUE(r.complete) << describe(r);
  ASSERT_EQ(r.bugs.size(), 2U) << describe(r);
  EXPECT_EQ(r.bugs[0].kind, BugKind::lock_order_inversion);
  EXPECT_EQ(r.bugs[1].kind, BugKind::deadlock);
  expect_replays(two_lock_inversion, "lock_order.two", r.bugs[1], o);
}

}  // namespace
}  // namespace braid::test
