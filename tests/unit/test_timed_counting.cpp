// Timed waits on counting primitives: counting_semaphore::try_acquire_for / try_acquire_until and
// event::wait_for / wait_until. No real time passes: timing out is a choice the checker explores
// at any point while the wait cannot proceed. Code that assumes a timeout cannot happen is caught
// (and its token replays the same bug); its correct twin passes a complete exploration, under
// dfs and dpor alike.
#include <chrono>
#include <set>

#include "tests/unit/test_execution_support.hpp"

namespace braid::test {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kFile = "test_timed_counting.cpp";

unsigned here(std::source_location l = std::source_location::current()) { return l.line(); }

Options with(StrategyKind k) {
  Options o = in_process();
  o.strategy = k;
  return o;
}

constexpr StrategyKind kBoth[] = {StrategyKind::dfs, StrategyKind::dpor};

// The trace shows the wait that ran out of time.
bool shows_timeout(const Bug& b, std::string_view object) {
  for (const TraceStep& s : b.trace) {
    if (s.op == "wake" && s.object == object && s.detail == "timed out") return true;
  }
  return false;
}

// ---- semaphores ----

TEST(TimedCounting, ATimedAcquireNobodyReleasesTimesOutInsteadOfDeadlocking) {
  for (StrategyKind k : kBoth) {
    Result r = explore(
        [] {
          braid::counting_semaphore<> s(0, "empty");
          BRAID_ASSERT(!s.try_acquire_for(1s));
          BRAID_ASSERT(!s.try_acquire_until(std::chrono::steady_clock::now() + 1s));
        },
        with(k), "timed.sem_alone");
    expect_clean(r);
    if (k == StrategyKind::dfs) {
      EXPECT_EQ(r.executions, 1U);  // one thread: one schedule
    }
  }
}

TEST(TimedCounting, ATimedAcquireTakesAPermitThatIsLeft) {
  for (StrategyKind k : kBoth) {
    Result r = explore(
        [] {
          braid::bounded_semaphore pool(1, "pool");
          BRAID_ASSERT(pool.try_acquire_for(1ms));
          BRAID_ASSERT(!pool.try_acquire_until(std::chrono::system_clock::now()));  // none left
          pool.release();
          braid::binary_semaphore flag(1, "flag");
          BRAID_ASSERT(flag.try_acquire_for(1ms));
          flag.release();
        },
        with(k), "timed.sem_left");
    expect_clean(r);
    if (k == StrategyKind::dfs) {
      EXPECT_EQ(r.executions, 1U);  // one thread: one schedule
    }
  }
}

// A producer writes `data` and releases `ready`; the consumer waits for the permit with a
// timeout and, when it gets it, reads the data: the release synchronises with the timed acquire
// that takes its permit (no race), and both outcomes are explored. Exact dfs count: after the
// spawn, thread 0's timed acquire (A) and the producer's write (W) can both run.
//   A first: no permit yet, it times out; the rest is forced (the join waits).   1
//   W first: then A (times out) or the release first (A then takes the permit).  2
// 3 executions: false, false, true.
TEST(TimedCounting, AReleaseSynchronisesWithTheTimedAcquireItLetsThrough) {
  for (StrategyKind k : kBoth) {
    std::multiset<bool> got;
    Result r = explore(
        [&got] {
          braid::binary_semaphore ready(0, "ready");
          braid::var<int> data{0, "data"};
          braid::thread producer([&] {
            data.set(42);
            ready.release();
          });
          bool taken = ready.try_acquire_for(1s);
          if (taken) {
            BRAID_ASSERT(data.get() == 42);
          }
          got.insert(taken);
          producer.join();
        },
        with(k), "timed.sem_handoff");
    expect_clean(r);
    EXPECT_EQ(got.count(true), 1U) << describe(r);
    EXPECT_GE(got.count(false), 1U) << describe(r);
    if (k == StrategyKind::dfs) {
      EXPECT_EQ(r.executions, 3U);
    }
  }
}

// The consumer ignores try_acquire_for's result, as if the producer were always fast enough.
struct TrustingConsumer {
  bool checks = false;
  unsigned assert_line = 0;
  void operator()() {
    braid::binary_semaphore ready(0, "ready");
    braid::atomic<int> data{0, "data"};
    braid::thread producer([&] {
      data.store(42);
      ready.release();
    });
    if (checks) {
      if (!ready.try_acquire_for(1s)) ready.acquire();  // fixed: fall back to waiting
    } else {
      (void)ready.try_acquire_for(1s);
    }
    assert_line = here() + 1;
    BRAID_ASSERT(data.load() == 42);
    producer.join();
  }
};

TEST(TimedCounting, ATimedOutAcquireIsFoundWhenTheCodeAssumesItCannotHappen) {
  for (StrategyKind k : kBoth) {
    TrustingConsumer buggy;
    Bug b = find_and_replay(std::ref(buggy), "timed.sem_trusting", BugKind::assertion_failure, with(k));
    EXPECT_EQ(lines_in(b, kFile), std::set<unsigned>{buggy.assert_line});
    EXPECT_TRUE(shows_timeout(b, "ready")) << "the trace shows the timeout that broke it";
    TrustingConsumer fixed{true};
    expect_clean(explore(std::ref(fixed), with(k), "timed.sem_checks"));
  }
}

// ---- event ----

TEST(TimedCounting, AnEventWaitForNobodySetsTimesOutAndASetEventReturnsAtOnce) {
  for (StrategyKind k : kBoth) {
    Result r = explore(
        [] {
          braid::event e("e");
          BRAID_ASSERT(!e.wait_for(1s));
          e.set();
          BRAID_ASSERT(e.wait_until(std::chrono::steady_clock::now()));
          e.clear();
          BRAID_ASSERT(!e.wait_until(std::chrono::steady_clock::now()));
        },
        with(k), "timed.event_alone");
    expect_clean(r);
    if (k == StrategyKind::dfs) {
      EXPECT_EQ(r.executions, 1U);  // one thread: one schedule
    }
  }
}

// A runner waits for the gun with a timeout and reads the config only if it fired: the set()
// synchronises with the wait it ends. Exact dfs count: thread 0 writes (W), sets (S) and joins;
// the runner begins its wait (B) and then either returns at once (the event is set) or waits,
// which may end (T) by the set or by a timeout at any point while the event is clear.
//   B before W: T first (times out), or W then T (times out) or S then T (fired).   3
//   W, then B before S: T (times out), or S then T (fired).                          2
//   W, S, then B: the event is set, the wait returns at once.                        1
// 6 executions, 3 of them fired.
TEST(TimedCounting, ASetSynchronisesWithTheTimedWaitItEnds) {
  for (StrategyKind k : kBoth) {
    std::multiset<bool> fired;
    Result r = explore(
        [&fired] {
          braid::event go("go");
          braid::var<int> config{0, "config"};
          braid::thread runner([&] {
            bool f = go.wait_for(1s);
            if (f) {
              BRAID_ASSERT(config.get() == 7);
            }
            fired.insert(f);
          });
          config.set(7);
          go.set();
          runner.join();
        },
        with(k), "timed.event_gun");
    expect_clean(r);
    EXPECT_GE(fired.count(true), 1U) << describe(r);
    EXPECT_GE(fired.count(false), 1U) << describe(r);
    if (k == StrategyKind::dfs) {
      EXPECT_EQ(r.executions, 6U);
      EXPECT_EQ(fired.count(true), 3U);
    }
  }
}

// The runner ignores wait_for's result: after a timeout it reads what the starter has not
// written yet. With an atomic that is a wrong value (assertion_failure); with a plain var, a
// read with no synchronisation (data_race). Either needs the timeout choice.
struct TrustingRunner {
  bool plain_var = false;
  unsigned read_line = 0;
  void operator()() {
    braid::event go("go");
    braid::atomic<int> distance{0, "distance"};
    braid::var<int> lane{0, "lane"};
    braid::thread runner([&] {
      (void)go.wait_for(1s);  // wrong: the gun may not have fired
      read_line = here() + 1;
      BRAID_ASSERT(plain_var ? lane.get() == 3 : distance.load() == 100);
    });
    distance.store(100);
    lane.set(3);
    go.set();
    runner.join();
  }
};

TEST(TimedCounting, ATimedOutEventWaitIsFoundWhenTheCodeAssumesTheEventWasSet) {
  for (StrategyKind k : kBoth) {
    TrustingRunner wrong_value;
    Bug b = find_and_replay(std::ref(wrong_value), "timed.event_trusting", BugKind::assertion_failure, with(k));
    EXPECT_EQ(lines_in(b, kFile), std::set<unsigned>{wrong_value.read_line});
    EXPECT_TRUE(shows_timeout(b, "go")) << "the trace shows the timeout that broke it";
    TrustingRunner racy{true};
    Bug race = find_and_replay(std::ref(racy), "timed.event_racy", BugKind::data_race, with(k));
    EXPECT_TRUE(mentions(race.message, "'lane'")) << race.message;
    EXPECT_TRUE(shows_timeout(race, "go")) << "the race needs the timeout";
  }
}

// A set() then clear() pulse ends the timed waits already under way (they return true), like
// the untimed ones; a wait that begins after the pulse can only time out.
TEST(TimedCounting, APulseEndsOnlyTheTimedWaitsAlreadyUnderWay) {
  for (StrategyKind k : kBoth) {
    std::set<std::pair<bool, bool>> seen;  // (began before the pulse, returned true)
    Result r = explore(
        [&seen] {
          braid::event e("pulse");
          braid::atomic<int> pulsed{0, "pulsed"};
          braid::thread waiter([&] {
            bool before = pulsed.load() == 0;
            bool got = e.wait_for(1s);
            seen.insert({before, got});
            if (!before) {
              BRAID_ASSERT(!got);
            }
          });
          e.set();
          e.clear();
          pulsed.store(1);
          waiter.join();
        },
        with(k), "timed.event_pulse");
    expect_clean(r);
    EXPECT_TRUE(seen.count({true, true}) == 1 && seen.count({true, false}) == 1 && seen.count({false, false}) == 1)
        << describe(r);
  }
}

// ---- condition variable ----

TEST(TimedCounting, ATimedOutConditionVariableWaitIsShownAsATimeout) {
  auto body = [] {
    braid::mutex m{"m"};
    braid::condition_variable cv{"cv"};
    std::unique_lock<braid::mutex> l(m);
    BRAID_ASSERT(cv.wait_for(l, 1s) == std::cv_status::no_timeout);  // nobody notifies
  };
  Bug b = find_and_replay(body, "timed.cv", BugKind::assertion_failure, with(StrategyKind::dfs));
  EXPECT_TRUE(shows_timeout(b, "cv")) << "a timeout, not a spurious wake-up";
}

}  // namespace
}  // namespace braid::test
