// Every bug kind the foundation detects, each found through braid::explore, replayed from its
// token to the same bug, and paired with a correct twin that passes with no false alarm (misuse and
// leaked_thread: test_execution_misuse.cpp).
// Lines are recorded with here() + 1 just above the statement they name.
#include <mutex>
#include <stdexcept>
#include <string>

#include "tests/unit/test_execution_support.hpp"

namespace braid::test {
namespace {

constexpr std::string_view kFile = "test_execution_bugs.cpp";

unsigned here(std::source_location l = std::source_location::current()) { return l.line(); }

// ---- assertion_failure ----

struct LastWriter {
  unsigned assert_line = 0;
  bool wrong_claim = true;
  void operator()() {
    braid::mutex m{"m"};
    braid::var<int> x{0, "x"};
    braid::thread a([&] {
      std::lock_guard<braid::mutex> g(m);
      x.set(1);
    });
    braid::thread b([&] {
      std::lock_guard<braid::mutex> g(m);
      x.set(2);
    });
    a.join();
    b.join();
    assert_line = here() + 1;
    BRAID_ASSERT(wrong_claim ? x.get() == 2 : (x.get() == 1 || x.get() == 2));
  }
};

TEST(ExecutionBugs, AssertionFailureNamesTheExpressionAndLine) {
  LastWriter test;
  Bug b = find_and_replay(std::ref(test), "bugs.assertion", BugKind::assertion_failure);
  EXPECT_TRUE(mentions(b.message, "assertion failed in thread 0")) << b.message;
  EXPECT_TRUE(mentions(b.message, "x.get() == 2")) << b.message;
  EXPECT_EQ(lines_in(b, kFile), std::set<unsigned>{test.assert_line});
  EXPECT_FALSE(b.trace.empty()) << "a bug found while exploring comes with its trace";
}

TEST(ExecutionBugs, AssertionThatHoldsInEveryInterleavingPasses) {
  LastWriter test;
  test.wrong_claim = false;
  expect_clean(explore(std::ref(test), in_process(), "bugs.assertion_ok"));
}

// ---- deadlock ----

void two_mutexes(bool inverted) {
  braid::mutex alpha{"alpha"};
  braid::mutex beta{"beta"};
  braid::thread t1([&] {
    std::lock_guard<braid::mutex> first(alpha);
    std::lock_guard<braid::mutex> second(beta);
  });
  braid::thread t2([&] {
    std::lock_guard<braid::mutex> first(inverted ? beta : alpha);
    std::lock_guard<braid::mutex> second(inverted ? alpha : beta);
  });
  t1.join();
  t2.join();
}

TEST(ExecutionBugs, DeadlockNamesBothMutexesAndBothThreads) {
  auto body = [] { two_mutexes(true); };
  // why lock_order off: the deadlock's own report is under test (the inversion comes first).
  Options o = in_process();
  o.lock_order = false;
  Bug b = find_and_replay(body, "bugs.deadlock", BugKind::deadlock, o);
  for (const char* word : {"alpha", "beta", "thread 1", "thread 2", "holds", "waits for"}) {
    EXPECT_TRUE(mentions(b.message, word)) << "missing '" << word << "' in: " << b.message;
  }
  EXPECT_GE(lines_in(b, kFile).size(), 2U) << "the cycle's lock sites are named";
}

TEST(ExecutionBugs, LocksTakenInOneOrderDoNotDeadlock) {
  expect_clean(explore([] { two_mutexes(false); }, in_process(), "bugs.ordered"));
}

// A thread that joins a thread blocked on a mutex the joiner holds.
TEST(ExecutionBugs, DeadlockThroughAJoin) {
  auto body = [] {
    braid::mutex m{"held"};
    std::unique_lock<braid::mutex> lock(m);
    braid::thread t([&] { std::lock_guard<braid::mutex> g(m); });
    t.join();
  };
  Bug b = find_and_replay(body, "bugs.join_deadlock", BugKind::deadlock);
  EXPECT_TRUE(mentions(b.message, "held")) << b.message;
  EXPECT_TRUE(mentions(b.message, "thread 1 to finish")) << b.message;
}

// ---- self_deadlock ----

struct Relock {
  unsigned first = 0;
  unsigned again = 0;
  void operator()() {
    braid::mutex gate{"gate"};
    braid::thread t([&] {
      first = here() + 1;
      gate.lock();
      again = here() + 1;
      gate.lock();
    });
    t.join();
  }
};

TEST(ExecutionBugs, SelfDeadlockNamesTheMutexAndBothLockSites) {
  Relock test;
  Bug b = find_and_replay(std::ref(test), "bugs.self_deadlock", BugKind::self_deadlock);
  EXPECT_TRUE(mentions(b.message, "'gate'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "thread 1")) << b.message;
  EXPECT_TRUE(mentions(b.message, "already holds")) << b.message;
  EXPECT_EQ(lines_in(b, kFile), (std::set<unsigned>{test.first, test.again}));
}

TEST(ExecutionBugs, RecursiveMutexMayBeRelocked) {
  auto body = [] {
    braid::recursive_mutex gate{"gate"};
    braid::var<int> n{0, "n"};
    auto work = [&] {
      std::lock_guard<braid::recursive_mutex> outer(gate);
      std::lock_guard<braid::recursive_mutex> inner(gate);
      n.set(n.get() + 1);
    };
    braid::thread a(work);
    braid::thread b(work);
    a.join();
    b.join();
    BRAID_ASSERT(n.get() == 2);
  };
  expect_clean(explore(body, in_process(), "bugs.recursive"));
}

// ---- data_race ----

struct Racy {
  unsigned write_a = 0;
  unsigned write_b = 0;
  void operator()() {
    braid::var<int> x{0, "shared_x"};
    braid::thread a([&] {
      write_a = here() + 1;
      x.set(1);
    });
    braid::thread b([&] {
      write_b = here() + 1;
      x.set(2);
    });
    a.join();
    b.join();
  }
};

TEST(ExecutionBugs, DataRaceNamesBothAccesses) {
  Racy test;
  Bug b = find_and_replay(std::ref(test), "bugs.race", BugKind::data_race);
  EXPECT_TRUE(mentions(b.message, "shared_x")) << b.message;
  EXPECT_TRUE(mentions(b.message, "thread 1")) << b.message;
  EXPECT_TRUE(mentions(b.message, "thread 2")) << b.message;
  EXPECT_EQ(b.locations.size(), 2U);
  EXPECT_EQ(lines_in(b, kFile), (std::set<unsigned>{test.write_a, test.write_b}));
  bool wrote = false;
  for (const TraceStep& s : b.trace) wrote = wrote || (s.op == "write" && s.object == "shared_x");
  EXPECT_TRUE(wrote) << "the trace shows the writes";
}

// var<T>'s operators find their line from the caller's return address.
struct RacyOperators {
  unsigned read_line = 0;
  unsigned write_line = 0;
  void operator()() {
    braid::var<int> x{0, "counter"};
    braid::thread a([&] {
      write_line = here() + 1;
      x = 5;
    });
    braid::thread b([&] {
      read_line = here() + 1;
      int seen = x;
      (void)seen;
    });
    a.join();
    b.join();
  }
};

TEST(ExecutionBugs, DataRaceThroughOperatorsNamesTheCallersLines) {
  RacyOperators test;
  Bug b = find_and_replay(std::ref(test), "bugs.race_operators", BugKind::data_race);
  EXPECT_EQ(lines_in(b, kFile), (std::set<unsigned>{test.write_line, test.read_line})) << b.message;
  EXPECT_FALSE(mentions(b.message, "\x01")) << "return addresses are resolved in the message: " << b.message;
  EXPECT_TRUE(mentions(b.message, std::string(kFile) + ":")) << b.message;
}

TEST(ExecutionBugs, MutexProtectedAccessesDoNotRace) {
  auto body = [] {
    braid::mutex m{"m"};
    braid::var<int> x{0, "x"};
    auto add = [&] {
      std::lock_guard<braid::mutex> g(m);
      x.set(x.get() + 1);
    };
    braid::thread a(add);
    braid::thread b(add);
    a.join();
    b.join();
    BRAID_ASSERT(x.get() == 2);
  };
  expect_clean(explore(body, in_process(), "bugs.race_locked"));
}

// Message passing: the data is written before a release store of the flag, and read only
// after an acquire load saw it set.
void message_passing(bool check_flag) {
  braid::var<int> data{0, "data"};
  braid::atomic<bool> ready{false, "ready"};
  braid::thread producer([&] {
    data.set(42);
    ready.store(true, std::memory_order_release);
  });
  braid::thread consumer([&] {
    if (!check_flag || ready.load(std::memory_order_acquire)) BRAID_ASSERT(data.get() == 42 || !check_flag);
  });
  producer.join();
  consumer.join();
}

TEST(ExecutionBugs, AtomicFlagSynchronisesTheData) {
  expect_clean(explore([] { message_passing(true); }, in_process(), "bugs.race_flag"));
}

TEST(ExecutionBugs, ReadingWithoutCheckingTheFlagRaces) {
  Bug b = find_and_replay([] { message_passing(false); }, "bugs.race_noflag", BugKind::data_race);
  EXPECT_TRUE(mentions(b.message, "'data'")) << b.message;
}

TEST(ExecutionBugs, JoinSynchronisesTheData) {
  auto body = [] {
    braid::var<int> x{0, "x"};
    x.set(1);  // before the spawn: ordered before the child
    braid::thread t([&] { x.set(x.get() + 1); });
    t.join();
    BRAID_ASSERT(x.get() == 2);  // after the join: ordered after the child
    x.set(3);
  };
  expect_clean(explore(body, in_process(), "bugs.race_join"));
}

TEST(ExecutionBugs, AccessAfterSpawnBeforeJoinRaces) {
  auto body = [] {
    braid::var<int> x{0, "x"};
    braid::thread t([&] { x.set(1); });
    x.set(2);
    t.join();
  };
  Bug b = find_and_replay(body, "bugs.race_parent", BugKind::data_race);
  EXPECT_TRUE(mentions(b.message, "thread 0")) << b.message;
  EXPECT_TRUE(mentions(b.message, "thread 1")) << b.message;
}

TEST(ExecutionBugs, ConcurrentReadsDoNotRace) {
  auto body = [] {
    braid::var<int> x{7, "x"};
    braid::thread a([&] { BRAID_ASSERT(x.get() == 7); });
    braid::thread b([&] { BRAID_ASSERT(x.get() == 7); });
    a.join();
    b.join();
  };
  expect_clean(explore(body, in_process(), "bugs.reads"));
}

// ---- uncaught_exception ----

TEST(ExecutionBugs, UncaughtExceptionCarriesItsWhat) {
  auto body = [] {
    braid::thread t([] { throw std::runtime_error("disk on fire"); });
    t.join();
  };
  Bug b = find_and_replay(body, "bugs.throw", BugKind::uncaught_exception);
  EXPECT_TRUE(mentions(b.message, "disk on fire")) << b.message;
  EXPECT_TRUE(mentions(b.message, "std::runtime_error")) << b.message;
  EXPECT_TRUE(mentions(b.message, "thread 1")) << b.message;
}

TEST(ExecutionBugs, UncaughtExceptionOfAnyType) {
  auto body = [] { throw 42; };
  Bug b = find_and_replay(body, "bugs.throw_int", BugKind::uncaught_exception);
  EXPECT_TRUE(mentions(b.message, "not derived from std::exception")) << b.message;
}

TEST(ExecutionBugs, ExceptionCaughtInTheThreadIsNoBug) {
  auto body = [] {
    braid::var<int> caught{0, "caught"};
    braid::thread t([&] {
      try {
        throw std::runtime_error("handled");
      } catch (const std::exception&) {
        caught.set(1);
      }
    });
    t.join();
    BRAID_ASSERT(caught.get() == 1);
  };
  expect_clean(explore(body, in_process(), "bugs.caught"));
}

// ---- crash (isolated: the worker dies, the checker does not) ----

// why: the pointer itself is volatile, so the compiler cannot know it is null and drop the
// write (it does, for a local null pointer); noinline, so that the fault is on this line.
volatile int* volatile g_nowhere = nullptr;
constexpr unsigned kCrashLine = __LINE__ + 1;
[[gnu::noinline]] void write_through_null() { *g_nowhere = 1; }

void null_deref() {
  braid::var<int> x{0, "x"};
  braid::thread t([&] {
    x.set(1);
    write_through_null();
  });
  t.join();
}

TEST(ExecutionBugs, CrashIsReportedWithAToken) {
  Options o;
  o.isolate = true;
  Result r = explore(null_deref, o, "bugs.crash");
  Bug b = bug_of(r, BugKind::crash);
  EXPECT_EQ(r.bugs.size(), 1U) << describe(r);
  EXPECT_FALSE(r.complete);
  EXPECT_TRUE(mentions(b.message, "thread 1 crashed")) << b.message;
  EXPECT_TRUE(mentions(b.message, "SIGSEGV")) << b.message;
  EXPECT_FALSE(b.trace.empty()) << "the crash's schedule is rerun for its trace";
  EXPECT_EQ(lines_in(b, kFile), std::set<unsigned>{kCrashLine}) << "the faulting line: " << b.message;

  Result again = expect_replays(null_deref, "bugs.crash", b, o);
  ASSERT_FALSE(again.bugs.empty());
  EXPECT_TRUE(mentions(again.bugs.front().message, "SIGSEGV"));

  // The checker survived: it goes on exploring in this process.
  expect_clean(explore([] { two_mutexes(false); }, in_process(), "bugs.after_crash"));
}

// A crash in only some interleavings: with keep_going the exploration goes on in a new worker
// after it, reports it once, and still covers the whole tree.
TEST(ExecutionBugs, KeepGoingContinuesAfterACrash) {
  auto body = [] {
    braid::atomic<int> stage{0, "stage"};
    braid::thread a([&] { stage.store(1); });
    braid::thread b([&] {
      if (stage.load() == 0) write_through_null();
    });
    a.join();
    b.join();
  };
  Options o;
  o.keep_going = true;
  // why dfs: a dpor search cannot go on past a crash (its state dies with the worker; see
  // docs/limitations.md), so this is dfs's resume-after-crash.
  o.strategy = StrategyKind::dfs;
  Result r = explore(body, o, "bugs.crash_some");
  Bug b = bug_of(r, BugKind::crash);
  EXPECT_EQ(r.bugs.size(), 1U) << describe(r);
  EXPECT_TRUE(r.complete) << describe(r);
  EXPECT_GT(r.executions, b.execution) << "exploration went on after the crash";
}

// ---- livelock ----

TEST(ExecutionBugs, SpinWithoutYieldOnAFlagNeverSetIsALivelock) {
  auto body = [] {
    braid::atomic<bool> flag{false, "flag"};
    braid::thread spinner([&] {
      while (!flag.load()) {
      }
    });
    spinner.join();
  };
  Options o = in_process();
  o.max_steps = 50;
  Bug b = find_and_replay(body, "bugs.livelock", BugKind::livelock, o);
  EXPECT_TRUE(mentions(b.message, "50")) << b.message;
  EXPECT_EQ(lines_in(b, kFile).size(), 1U) << "names the spinning operation";
  // The token carries max_steps: replaying it with the default options still finds it.
  Result r = expect_replays(body, "bugs.livelock", b, in_process());
  EXPECT_EQ(r.bugs.front().kind, BugKind::livelock);
}

TEST(ExecutionBugs, SpinWithYieldOnAFlagSetByAnotherThreadPasses) {
  auto body = [] {
    braid::atomic<bool> flag{false, "flag"};
    braid::thread spinner([&] {
      while (!flag.load()) braid::this_thread::yield();
    });
    braid::thread setter([&] { flag.store(true); });
    spinner.join();
    setter.join();
  };
  Options o = in_process();
  o.max_steps = 1000;
  expect_clean(explore(body, o, "bugs.spin_yield"));
}

TEST(ExecutionBugs, LoopWithNoVisibleOperationIsStoppedByTheHangTimeout) {
  auto body = [] {
    braid::thread t([] {
      volatile bool forever = true;
      while (forever) {
      }
    });
    t.join();
  };
  Options o;
  o.hang_timeout_s = 0.5;
  Result r = explore(body, o, "bugs.hang");
  Bug b = bug_of(r, BugKind::livelock);
  EXPECT_TRUE(mentions(b.message, "without reaching a scheduling point")) << b.message;
  EXPECT_TRUE(mentions(b.message, "thread 1")) << b.message;
  expect_replays(body, "bugs.hang", b, o);
}

}  // namespace
}  // namespace braid::test
