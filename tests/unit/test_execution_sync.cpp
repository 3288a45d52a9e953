// Synchronisation primitives under exploration: condition variables (spurious wake-ups,
// notify_one / notify_all, lost wake-ups), recursive_mutex, try_lock, and the std lock helpers
// over braid mutexes. Bugs are replayed from their tokens; correct twins pass with no alarm.
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/test_execution_support.hpp"

namespace braid::test {
namespace {

constexpr std::string_view kFile = "test_execution_sync.cpp";

unsigned here(std::source_location l = std::source_location::current()) { return l.line(); }

Options without_spurious() {
  Options o = in_process();
  o.spurious_wakeups = 0;
  return o;
}

// ---- condition_variable ----

struct Signal {
  braid::mutex m{"m"};
  braid::condition_variable cv{"cv"};
  braid::var<bool> ready{false, "ready"};

  void set() {
    {
      std::lock_guard<braid::mutex> g(m);
      ready.set(true);
    }
    cv.notify_one();
  }
};

void wait_without_predicate() {
  Signal s;
  braid::thread worker([&] {
    std::unique_lock<braid::mutex> lock(s.m);
    if (!s.ready.get()) s.cv.wait(lock);  // wrong: a wake-up does not mean the flag is set
    BRAID_ASSERT(s.ready.get());
  });
  braid::thread setter([&] { s.set(); });
  worker.join();
  setter.join();
}

void wait_with_predicate() {
  Signal s;
  braid::thread worker([&] {
    std::unique_lock<braid::mutex> lock(s.m);
    s.cv.wait(lock, [&] { return s.ready.get(); });
    BRAID_ASSERT(s.ready.get());
  });
  braid::thread setter([&] { s.set(); });
  worker.join();
  setter.join();
}

TEST(ExecutionSync, WaitWithoutPredicateIsCaughtByASpuriousWakeUp) {
  Bug b = find_and_replay(wait_without_predicate, "cv.no_predicate", BugKind::assertion_failure);
  EXPECT_TRUE(mentions(b.message, "s.ready.get()")) << b.message;
  bool spurious = false;
  for (const TraceStep& s : b.trace) spurious = spurious || (s.op == "wake" && s.detail == "spurious wake-up");
  EXPECT_TRUE(spurious) << "the trace shows the spurious wake-up that broke it";
}

// Without spurious wake-ups the same code happens to work: the spurious wake-up is what the
// checker adds to find the bug.
TEST(ExecutionSync, WaitWithoutPredicatePassesWhenNoSpuriousWakeUpIsAllowed) {
  expect_clean(explore(wait_without_predicate, without_spurious(), "cv.no_predicate_no_spurious"));
}

TEST(ExecutionSync, PredicateLoopPasses) {
  expect_clean(explore(wait_with_predicate, in_process(), "cv.predicate"));
  Options two = in_process();
  two.spurious_wakeups = 2;
  expect_clean(explore(wait_with_predicate, two, "cv.predicate_two_spurious"));
}

// Two waiters, one notifier that sets `go` and notifies.
void two_waiters(bool notify_all) {
  braid::mutex m{"m"};
  braid::condition_variable cv{"cv"};
  braid::var<bool> go{false, "go"};
  braid::var<int> woken{0, "woken"};
  auto waiter = [&] {
    std::unique_lock<braid::mutex> lock(m);
    cv.wait(lock, [&] { return go.get(); });
    woken.set(woken.get() + 1);
  };
  braid::thread w1(waiter);
  braid::thread w2(waiter);
  braid::thread notifier([&] {
    {
      std::lock_guard<braid::mutex> g(m);
      go.set(true);
    }
    if (notify_all) {
      cv.notify_all();
    } else {
      cv.notify_one();
    }
  });
  w1.join();
  w2.join();
  notifier.join();
  BRAID_ASSERT(woken.get() == 2);
}

TEST(ExecutionSync, NotifyAllWakesEveryWaiter) {
  expect_clean(explore([] { two_waiters(true); }, without_spurious(), "cv.notify_all"));
}

TEST(ExecutionSync, NotifyOneLeavesTheOtherWaiterBlocked) {
  Bug b = find_and_replay([] { two_waiters(false); }, "cv.notify_one", BugKind::deadlock, without_spurious());
  EXPECT_TRUE(mentions(b.message, "condition variable 'cv'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "no thread is left to notify it")) << b.message;
}

// Which waiter notify_one wakes is the checker's choice: both are explored.
TEST(ExecutionSync, NotifyOneExploresWhichWaiterWakes) {
  std::set<int> first_woken;
  auto body = [&first_woken] {
    braid::mutex m{"m"};
    braid::condition_variable cv{"cv"};
    braid::var<int> waiting{0, "waiting"};
    braid::var<int> winner{0, "winner"};
    auto waiter = [&](int id) {
      std::unique_lock<braid::mutex> lock(m);
      waiting.set(waiting.get() + 1);
      while (winner.get() == 0) {
        cv.wait(lock);
        if (winner.get() == 0) winner.set(id);
      }
    };
    braid::thread w1([&] { waiter(1); });
    braid::thread w2([&] { waiter(2); });
    {
      std::unique_lock<braid::mutex> lock(m);
      while (waiting.get() < 2) {
        lock.unlock();
        braid::this_thread::yield();
        lock.lock();
      }
    }
    cv.notify_one();
    {
      std::unique_lock<braid::mutex> lock(m);
      first_woken.insert(winner.get());
      if (winner.get() == 0) winner.set(-1);
    }
    cv.notify_all();
    w1.join();
    w2.join();
  };
  Result r = explore(body, without_spurious(), "cv.which_waiter");
  expect_clean(r);
  EXPECT_TRUE(first_woken.count(1) == 1 && first_woken.count(2) == 1)
      << "notify_one woke waiter 1 in some executions and waiter 2 in others";
}

// The notifier notifies before the waiter waits, and the waiter waits without checking any
// flag: the notification is lost and the waiter blocks forever.
void lost_wake_up() {
  braid::mutex m{"m"};
  braid::condition_variable cv{"cv"};
  braid::atomic<bool> notified{false, "notified"};
  braid::thread notifier([&] {
    cv.notify_one();
    notified.store(true);
  });
  braid::thread waiter([&] {
    while (!notified.load()) braid::this_thread::yield();
    std::unique_lock<braid::mutex> lock(m);
    cv.wait(lock);
  });
  notifier.join();
  waiter.join();
}

TEST(ExecutionSync, LostWakeUpIsADeadlock) {
  Bug b = find_and_replay(lost_wake_up, "cv.lost", BugKind::deadlock, without_spurious());
  EXPECT_TRUE(mentions(b.message, "condition variable 'cv'")) << b.message;
}

// With the default options (spurious wake-ups allowed) the lost wake-up is still a hang: a
// program cannot count on a spurious wake-up to rescue it.
TEST(ExecutionSync, LostWakeUpIsADeadlockWithDefaultOptions) {
  Bug b = find_and_replay(lost_wake_up, "cv.lost_default", BugKind::deadlock);
  EXPECT_TRUE(mentions(b.message, "condition variable 'cv'")) << b.message;
}

// ---- recursive_mutex ----

TEST(ExecutionSync, RecursiveMutexHeldThreeDeepIsReleasedAfterThreeUnlocks) {
  auto body = [] {
    braid::recursive_mutex r{"r"};
    braid::var<int> x{0, "x"};
    braid::thread a([&] {
      r.lock();
      r.lock();
      r.lock();
      x.set(x.get() + 1);
      r.unlock();
      r.unlock();
      r.unlock();
    });
    braid::thread b([&] {
      std::lock_guard<braid::recursive_mutex> g(r);
      x.set(x.get() + 1);
    });
    a.join();
    b.join();
    BRAID_ASSERT(x.get() == 2);
  };
  expect_clean(explore(body, in_process(), "recursive.depth"));
}

TEST(ExecutionSync, RecursiveMutexUnlockedOnceTooOftenIsMisuse) {
  auto body = [] {
    braid::recursive_mutex r{"r"};
    r.lock();
    r.lock();
    r.unlock();
    r.unlock();
    r.unlock();
  };
  Bug b = find_and_replay(body, "recursive.over_unlock", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "'r'")) << b.message;
}

// ---- try_lock ----

TEST(ExecutionSync, TryLockReturnsFalseWhileAnotherThreadHoldsTheMutex) {
  auto body = [] {
    braid::mutex m{"m"};
    m.lock();
    braid::thread t([&] { BRAID_ASSERT(!m.try_lock()); });
    t.join();
    m.unlock();
  };
  expect_clean(explore(body, in_process(), "try_lock.held"));
}

TEST(ExecutionSync, TryLockOfAFreeMutexSucceeds) {
  auto body = [] {
    braid::mutex m{"m"};
    BRAID_ASSERT(m.try_lock());
    m.unlock();
    BRAID_ASSERT(m.try_lock());
    m.unlock();
  };
  expect_clean(explore(body, in_process(), "try_lock.free"));
}

TEST(ExecutionSync, TryLockOfARecursiveMutexItsOwnerHoldsSucceeds) {
  auto body = [] {
    braid::recursive_mutex r{"r"};
    r.lock();
    BRAID_ASSERT(r.try_lock());
    r.unlock();
    r.unlock();
    braid::thread t([&] {
      BRAID_ASSERT(r.try_lock());
      r.unlock();
    });
    t.join();
  };
  expect_clean(explore(body, in_process(), "try_lock.recursive"));
}

// Both outcomes are explored, and a successful try_lock orders the critical sections.
TEST(ExecutionSync, TryLockExploresBothOutcomesAndSynchronises) {
  std::set<int> winners;
  auto body = [&winners] {
    braid::mutex m{"m"};
    braid::var<int> x{0, "x"};
    auto attempt = [&] {
      if (m.try_lock()) {
        x.set(x.get() + 1);
        m.unlock();
      }
    };
    braid::thread a(attempt);
    braid::thread b(attempt);
    a.join();
    b.join();
    winners.insert(x.get());
  };
  expect_clean(explore(body, in_process(), "try_lock.both"));
  EXPECT_EQ(winners, (std::set<int>{1, 2})) << "one or both attempts succeed, depending on the interleaving";
}

// ---- std lock helpers over braid mutexes ----

template <class LockA, class LockB>
void counter_with(LockA lock_a, LockB lock_b) {
  braid::mutex m{"m"};
  braid::var<int> x{0, "x"};
  braid::thread a([&] { lock_a(m, x); });
  braid::thread b([&] { lock_b(m, x); });
  a.join();
  b.join();
  BRAID_ASSERT(x.get() == 2);
}

void with_lock_guard(braid::mutex& m, braid::var<int>& x) {
  std::lock_guard<braid::mutex> g(m);
  x.set(x.get() + 1);
}
void with_unique_lock(braid::mutex& m, braid::var<int>& x) {
  std::unique_lock<braid::mutex> l(m);
  x.set(x.get() + 1);
}
void with_deferred_unique_lock(braid::mutex& m, braid::var<int>& x) {
  std::unique_lock<braid::mutex> l(m, std::defer_lock);
  BRAID_ASSERT(!l.owns_lock());
  l.lock();
  BRAID_ASSERT(l.owns_lock());
  x.set(x.get() + 1);
  l.unlock();
  BRAID_ASSERT(!l.owns_lock());
}
void with_try_to_lock(braid::mutex& m, braid::var<int>& x) {
  std::unique_lock<braid::mutex> l(m, std::try_to_lock);
  if (!l.owns_lock()) l.lock();
  x.set(x.get() + 1);
}
void with_scoped_lock(braid::mutex& m, braid::var<int>& x) {
  std::scoped_lock l(m);
  x.set(x.get() + 1);
}

TEST(ExecutionSync, LockGuardAndUniqueLockWork) {
  expect_clean(explore([] { counter_with(with_lock_guard, with_unique_lock); }, in_process(), "std.guard_unique"));
}

TEST(ExecutionSync, DeferredAndTryToLockUniqueLocksWork) {
  expect_clean(
      explore([] { counter_with(with_deferred_unique_lock, with_try_to_lock); }, in_process(), "std.deferred"));
}

TEST(ExecutionSync, ScopedLockWorks) {
  expect_clean(explore([] { counter_with(with_scoped_lock, with_lock_guard); }, in_process(), "std.scoped"));
}

// std::scoped_lock of two mutexes takes them without deadlock whatever the order they are named
// in (std::lock: lock one, try the other, back off and retry). The exploration must end, with no
// bug: neither a deadlock nor a livelock of the back-off loop.
TEST(ExecutionSync, ScopedLockOfTwoMutexesAvoidsTheInversion) {
  auto body = [] {
    braid::mutex a{"a"};
    braid::mutex b{"b"};
    braid::var<int> x{0, "x"};
    braid::thread t1([&] {
      std::scoped_lock l(a, b);
      x.set(x.get() + 1);
    });
    braid::thread t2([&] {
      std::scoped_lock l(b, a);
      x.set(x.get() + 1);
    });
    t1.join();
    t2.join();
    BRAID_ASSERT(x.get() == 2);
  };
  Options o = in_process();
  o.time_limit_s = 2;  // why: bounds the test's own time if the back-off loop is not bounded
  Result r = explore(body, o, "std.scoped_two");
  EXPECT_FALSE(r.found(BugKind::deadlock)) << describe(r);
  EXPECT_FALSE(r.found(BugKind::data_race)) << describe(r);
  expect_clean(r);
}

TEST(ExecutionSync, UniqueLockMovesOwnership) {
  auto body = [] {
    braid::mutex m{"m"};
    std::unique_lock<braid::mutex> first(m);
    std::unique_lock<braid::mutex> second(std::move(first));
    BRAID_ASSERT(!first.owns_lock() && second.owns_lock());
    second.unlock();
    braid::thread t([&] { std::lock_guard<braid::mutex> g(m); });
    t.join();
  };
  expect_clean(explore(body, in_process(), "std.move"));
}

// The std helpers are specialised so that reports name the user's lines, not <mutex>.
struct RelockWithUniqueLock {
  unsigned first = 0;
  unsigned again = 0;
  void operator()() {
    braid::mutex m{"inner"};
    first = here() + 1;
    std::unique_lock<braid::mutex> outer(m);
    again = here() + 1;
    std::lock_guard<braid::mutex> inner(m);
  }
};

TEST(ExecutionSync, StdLocksReportTheUsersLines) {
  RelockWithUniqueLock test;
  Bug b = find_and_replay(std::ref(test), "std.relock", BugKind::self_deadlock);
  EXPECT_EQ(lines_in(b, kFile), (std::set<unsigned>{test.first, test.again})) << b.message;
  for (const Location& l : b.locations) EXPECT_EQ(basename_of(l.file), kFile) << l.file << ":" << l.line;
}

TEST(ExecutionSync, LockGuardUnlockIsTracedAtTheGuardsLine) {
  unsigned guard_line = 0;
  auto body = [&guard_line] {
    braid::mutex m{"m"};
    braid::var<int> x{0, "x"};
    braid::thread t([&] {
      guard_line = here() + 1;
      std::lock_guard<braid::mutex> g(m);
      x.set(1);
    });
    t.join();
    BRAID_ASSERT(x.get() == 0);  // fails after the whole critical section: its trace is complete
  };
  Bug b = find_and_replay(body, "std.trace", BugKind::assertion_failure);
  std::vector<std::string> ops;
  for (const TraceStep& s : b.trace) {
    if (s.object != "m") continue;
    ops.push_back(s.op);
    EXPECT_EQ(basename_of(s.file), kFile) << s.op;
    EXPECT_EQ(s.line, guard_line) << s.op;
  }
  EXPECT_EQ(ops, (std::vector<std::string>{"lock", "unlock"}));
}

}  // namespace
}  // namespace braid::test
