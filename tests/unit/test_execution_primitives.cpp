// Counting primitives under exploration: semaphores (counting, binary, bounded), latch, barrier
// and event. Each bug is replayed from its token to the same bug; each correct twin passes a
// complete exploration with no false alarm.
#include <string>
#include <vector>

#include "tests/unit/test_execution_support.hpp"

namespace braid::test {
namespace {

// ---- counting_semaphore ----

// Five workers wait at a semaphore that starts closed; thread 0 opens it with `permits` once all
// are started, and each worker checks that at most three are inside. why closed at first: the
// workers then cannot move during thread 0's spawns, which keeps the tree small (0.8 million
// executions instead of tens of millions) without hiding any interleaving of the workers.
// why a plain int: code between two visible operations runs without interruption, so `inside`
// counts exactly the workers that hold a permit (it drops right after the release, in the same
// step) without adding scheduling points of its own.
void at_most_three_of_five(std::ptrdiff_t permits) {
  braid::counting_semaphore<5> gate(0, "gate");
  int inside = 0;
  auto worker = [&] {
    gate.acquire();
    ++inside;
    BRAID_ASSERT(inside <= 3);
    gate.release();
    --inside;
  };
  std::vector<braid::thread> workers;
  workers.reserve(5);
  for (int i = 0; i < 5; ++i) workers.emplace_back(worker);
  gate.release(permits);
  for (braid::thread& t : workers) t.join();
}

TEST(ExecutionPrimitives, SemaphoreOfThreeLetsAtMostThreeIn) {
  expect_clean(explore([] { at_most_three_of_five(3); }, in_process(), "sem.three"));
}

TEST(ExecutionPrimitives, SemaphoreOfFourLetsAFourthIn) {
  Bug b = find_and_replay([] { at_most_three_of_five(4); }, "sem.four", BugKind::assertion_failure);
  EXPECT_TRUE(mentions(b.message, "inside <= 3")) << b.message;
}

// A semaphore that starts at 0 is a signal from producer to consumer: the release happens
// before the acquire it enables, so the consumer's read is ordered after the producer's write.
void handoff(bool with_semaphore) {
  braid::binary_semaphore ready(0, "ready");
  braid::var<int> data{0, "data"};
  braid::thread producer([&] {
    data.set(42);
    if (with_semaphore) ready.release();
  });
  braid::thread consumer([&] {
    if (with_semaphore) {
      ready.acquire();
      BRAID_ASSERT(data.get() == 42);
    } else {
      (void)data.get();
    }
  });
  producer.join();
  consumer.join();
}

TEST(ExecutionPrimitives, SemaphoreSignalOrdersTheHandoff) {
  Result r = explore([] { handoff(true); }, in_process(), "sem.handoff");
  EXPECT_FALSE(r.found(BugKind::data_race)) << describe(r);
  expect_clean(r);
}

TEST(ExecutionPrimitives, HandoffWithoutTheSemaphoreIsADataRace) {
  Bug b = find_and_replay([] { handoff(false); }, "sem.no_handoff", BugKind::data_race);
  EXPECT_TRUE(mentions(b.message, "'data'")) << b.message;
}

TEST(ExecutionPrimitives, TryAcquireTakesAPermitOnlyWhenOneIsLeft) {
  auto body = [] {
    braid::counting_semaphore<2> s(1, "s");
    BRAID_ASSERT(s.try_acquire());
    BRAID_ASSERT(!s.try_acquire());
    s.release(2);
    BRAID_ASSERT(s.try_acquire());
    BRAID_ASSERT(s.try_acquire());
    BRAID_ASSERT(!s.try_acquire());
    BRAID_ASSERT(braid::counting_semaphore<2>::max() == 2);
  };
  expect_clean(explore(body, in_process(), "sem.try_acquire"));
}

TEST(ExecutionPrimitives, BoundedSemaphoreReleasedOnceTooOftenIsMisuse) {
  auto body = [] {
    braid::bounded_semaphore pool(1, "pool");
    braid::thread user([&] {
      pool.acquire();
      pool.release();
    });
    user.join();
    pool.release();  // wrong: nobody holds a permit
  };
  Bug b = find_and_replay(body, "sem.bounded", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "semaphore 'pool'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "initial count 1")) << b.message;
}

TEST(ExecutionPrimitives, BinarySemaphoreReleasedAboveMaxIsMisuse) {
  auto body = [] {
    braid::binary_semaphore flag(1, "flag");
    flag.release();
  };
  Bug b = find_and_replay(body, "sem.binary_max", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "semaphore 'flag'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "max() 1")) << b.message;
}

TEST(ExecutionPrimitives, AcquireNobodyReleasesIsADeadlock) {
  auto body = [] {
    braid::counting_semaphore<> s(0, "empty");
    s.acquire();
  };
  Bug b = find_and_replay(body, "sem.deadlock", BugKind::deadlock);
  EXPECT_TRUE(mentions(b.message, "semaphore 'empty'")) << b.message;
}

// Exact count. A binary semaphore of 1; threads a and b each acquire and release it; thread 0
// spawns a, spawns b, joins a, joins b. A choice is made wherever two threads can run; an acquire
// cannot while the permit is taken, nor a join while its thread runs.
//  - thread 0 spawns b before a moves: a or b acquires first. b first: the rest is forced (1).
//    a first: a's release is forced; then thread 0 joins a (1) or b acquires, and then thread 0
//    joins a or b releases (2): 3. Together 4.
//  - a acquires before b exists: thread 0 spawns b or a releases first; either way, once a has
//    released, thread 0's join of a and b's acquire interleave as just above: 3 + 3 = 6.
// 4 + 6 = 10 executions.
TEST(ExecutionPrimitives, BinarySemaphoreExecutionCount) {
  auto body = [] {
    braid::binary_semaphore s(1, "s");
    auto critical = [&] {
      s.acquire();
      s.release();
    };
    braid::thread a(critical);
    braid::thread b(critical);
    a.join();
    b.join();
  };
  Options o = in_process();
  o.strategy = StrategyKind::dfs;
  Result r = explore(body, o, "sem.count");
  expect_clean(r);
  EXPECT_EQ(r.executions, 10U);
}

// ---- latch ----

TEST(ExecutionPrimitives, LatchCountedDownByEveryWorkerOpens) {
  auto body = [] {
    braid::latch done(2, "done");
    braid::var<int> a{0, "a"};
    braid::var<int> b{0, "b"};
    braid::thread t1([&] {
      a.set(1);
      done.count_down();
    });
    braid::thread t2([&] {
      b.set(2);
      done.count_down();
    });
    done.wait();
    BRAID_ASSERT(done.try_wait());
    BRAID_ASSERT(a.get() + b.get() == 3);  // ordered after both writes by the latch
    t1.join();
    t2.join();
  };
  expect_clean(explore(body, in_process(), "latch.opens"));
}

TEST(ExecutionPrimitives, LatchThatNeverReachesZeroIsADeadlock) {
  auto body = [] {
    braid::latch done(2, "done");
    braid::thread worker([&] { done.count_down(); });
    done.wait();  // wrong: only one worker counts down
    worker.join();
  };
  Bug b = find_and_replay(body, "latch.stuck", BugKind::deadlock);
  EXPECT_TRUE(mentions(b.message, "latch 'done'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "count is still 1")) << b.message;
}

TEST(ExecutionPrimitives, LatchArriveAndWaitSynchronisesEveryParticipant) {
  auto body = [] {
    braid::latch start(2, "start");
    braid::var<int> x{0, "x"};
    braid::thread t([&] {
      x.set(1);
      start.arrive_and_wait();
    });
    start.arrive_and_wait();
    BRAID_ASSERT(x.get() == 1);
    t.join();
  };
  expect_clean(explore(body, in_process(), "latch.arrive_and_wait"));
}

TEST(ExecutionPrimitives, LatchCountedDownBelowZeroIsMisuse) {
  auto body = [] {
    braid::latch l(1, "l");
    l.count_down(2);
  };
  Bug b = find_and_replay(body, "latch.below_zero", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "latch 'l'")) << b.message;
}

// ---- barrier ----

// Three threads, two phases. Each writes its own slot, meets the others, reads the slot of its
// neighbour (ordered by the barrier), and meets them again before anyone overwrites a slot. The
// completion function runs once per phase, on the last thread to arrive, before any waiter of
// the phase goes on (a plain int: the completion adds no scheduling points, which keeps the tree
// at about 3 million executions).
TEST(ExecutionPrimitives, BarrierOfThreeThreadsPasses) {
  auto body = [] {
    braid::var<int> slots[3] = {{0, "slot0"}, {0, "slot1"}, {0, "slot2"}};
    int phases = 0;
    braid::barrier sync(3, [&]() noexcept { ++phases; }, "sync");
    auto worker = [&](int i) {
      slots[i].set(i + 1);
      sync.arrive_and_wait();
      BRAID_ASSERT(phases == 1);
      BRAID_ASSERT(slots[(i + 1) % 3].get() == (i + 1) % 3 + 1);
      sync.arrive_and_wait();
      slots[i].set(0);
    };
    braid::thread t1([&] { worker(1); });
    braid::thread t2([&] { worker(2); });
    worker(0);
    t1.join();
    t2.join();
    BRAID_ASSERT(phases == 2);
  };
  expect_clean(explore(body, in_process(), "barrier.three"));
}

// The completion function's own visible operations are ordered after every arrival and before
// every return from the phase's wait.
TEST(ExecutionPrimitives, BarrierCompletionIsOrderedBetweenArrivalsAndWaiters) {
  auto body = [] {
    braid::var<int> a{0, "a"};
    braid::var<int> b{0, "b"};
    braid::var<int> sum{0, "sum"};
    braid::barrier sync(2, [&]() noexcept { sum.set(a.get() + b.get()); }, "sync");
    braid::thread t([&] {
      b.set(2);
      sync.arrive_and_wait();
      BRAID_ASSERT(sum.get() == 3);
    });
    a.set(1);
    sync.arrive_and_wait();
    BRAID_ASSERT(sum.get() == 3);
    t.join();
  };
  expect_clean(explore(body, in_process(), "barrier.completion"));
}

// Without the second phase, a thread that leaves the barrier early overwrites its slot while its
// neighbour may still read it: the barrier's first phase does not order the two.
TEST(ExecutionPrimitives, WriteAfterTheBarrierRacesWithTheNeighboursRead) {
  auto body = [] {
    braid::var<int> slots[2] = {{0, "slot0"}, {0, "slot1"}};
    braid::barrier sync(2, "sync");
    auto worker = [&](int i) {
      slots[i].set(i + 1);
      sync.arrive_and_wait();
      (void)slots[(i + 1) % 2].get();
      slots[i].set(0);
    };
    braid::thread t([&] { worker(1); });
    worker(0);
    t.join();
  };
  Bug b = find_and_replay(body, "barrier.race", BugKind::data_race);
  EXPECT_TRUE(mentions(b.message, "'slot")) << b.message;
}

TEST(ExecutionPrimitives, BarrierArriveAndDropLowersTheNextPhases) {
  auto body = [] {
    braid::barrier sync(2, "sync");
    braid::var<int> x{0, "x"};
    braid::thread leaver([&] {
      x.set(1);
      sync.arrive_and_drop();
    });
    sync.arrive_and_wait();
    BRAID_ASSERT(x.get() == 1);
    sync.arrive_and_wait();  // alone now: the phase completes at once
    leaver.join();
  };
  expect_clean(explore(body, in_process(), "barrier.drop"));
}

TEST(ExecutionPrimitives, BarrierMissingAThreadIsADeadlock) {
  auto body = [] {
    braid::barrier sync(3, "sync");
    braid::thread t([&] { sync.arrive_and_wait(); });
    sync.arrive_and_wait();  // wrong: only two of three threads arrive
    t.join();
  };
  Bug b = find_and_replay(body, "barrier.stuck", BugKind::deadlock);
  EXPECT_TRUE(mentions(b.message, "barrier 'sync'")) << b.message;
}

// ---- event ----

// The event is a starting gun: three threads wait for it, then read what thread 0 set up.
TEST(ExecutionPrimitives, EventAsAStartingGunPasses) {
  auto body = [] {
    braid::event go("go");
    braid::var<int> config{0, "config"};
    auto runner = [&] {
      go.wait();
      BRAID_ASSERT(go.is_set());
      BRAID_ASSERT(config.get() == 7);
    };
    braid::thread r1(runner);
    braid::thread r2(runner);
    braid::thread r3(runner);
    config.set(7);
    go.set();
    r1.join();
    r2.join();
    r3.join();
  };
  expect_clean(explore(body, in_process(), "event.gun"));
}

TEST(ExecutionPrimitives, EventNobodySetsIsADeadlock) {
  auto body = [] {
    braid::event ready("ready");
    braid::var<int> item{0, "item"};
    braid::thread consumer([&] {
      ready.wait();
      (void)item.get();
    });
    item.set(1);  // wrong: the producer forgets ready.set()
    consumer.join();
  };
  Bug b = find_and_replay(body, "event.never_set", BugKind::deadlock);
  EXPECT_TRUE(mentions(b.message, "event 'ready'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "no thread is left to set")) << b.message;
}

// A set() then clear() pulse releases the threads already waiting, and only them. Exact count:
// the waiter parks at the start of its wait (a scheduling point), so the tree has one choice at
// thread 0's set (waiter begins first: W, or set first: M) and one right after it:
//   W: the waiter blocks; set; then the waiter returns (W1) or thread 0 clears first (W2), and
//      the waiter still returns: it was waiting when set() ran.           released, released
//   M: set; then the waiter begins, sees the flag and returns (M1), or thread 0 clears first
//      (M2) and the waiter blocks until the second set().                  released, blocked
// DFS takes thread 0 first at each choice: M2, M1, W2, W1. W2 is the pulse itself: a model that
// re-checked the flag instead of the phase would block there.
TEST(ExecutionPrimitives, EventPulseReleasesOnlyThreadsAlreadyWaiting) {
  std::vector<bool> released_by_pulse;
  auto body = [&released_by_pulse] {
    braid::event e("pulse");
    bool released = false;
    braid::thread waiter([&] {
      e.wait();
      released = true;
    });
    e.set();
    e.clear();
    braid::this_thread::yield();  // lets a released waiter run first
    released_by_pulse.push_back(released);
    if (!released) e.set();
    waiter.join();
  };
  Options o = in_process();
  o.strategy = StrategyKind::dfs;  // the count is dfs's: every schedule
  Result r = explore(body, o, "event.pulse");
  expect_clean(r);
  EXPECT_EQ(r.executions, 4U);
  EXPECT_EQ(released_by_pulse, (std::vector<bool>{false, true, true, true}));
}

}  // namespace
}  // namespace braid::test
