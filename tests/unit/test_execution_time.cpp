// Modelled time: condition_variable::wait_for / wait_until may time out at any point (an explored
// choice), this_thread::sleep_for lets every other thread run first, and no real time passes.
// Daemon threads may outlive the test.
#include <chrono>

#include "test_execution_support.hpp"

namespace braid::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kFile = "test_execution_time.cpp";

Options with(StrategyKind k) {
  Options o = in_process();
  o.strategy = k;
  return o;
}

TEST(ExecutionTime, AWaitForNobodyNotifiesTimesOutInsteadOfDeadlocking) {
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    bool timed_out = false;
    Result r = explore(
        [&] {
          mutex m;
          condition_variable cv;
          std::unique_lock l(m);
          timed_out = cv.wait_for(l, 10s) == std::cv_status::timeout;
        },
        with(k), "time.alone");
    expect_clean(r);
    EXPECT_TRUE(timed_out);
  }
}

// The consumer treats "woken" as "the data is there": a timeout breaks that.
void consumer_trusting_the_wake(bool with_predicate) {
  mutex m;
  condition_variable cv;
  var<bool> ready(false, "ready");
  thread producer([&] {
    std::lock_guard g(m);
    ready = true;
    cv.notify_one();
  });
  {
    std::unique_lock l(m);
    if (with_predicate) {
      if (cv.wait_for(l, 1s, [&] { return ready == true; })) BRAID_ASSERT(ready == true);
    } else if (!(ready == true)) {
      (void)cv.wait_for(l, 1s);
      BRAID_ASSERT(ready == true);  // line 53: false after a timeout
    }
  }
  producer.join();
}

TEST(ExecutionTime, ATimeoutIsAnExploredChoiceThatFindsTheBug) {
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    Bug b = find_and_replay([] { consumer_trusting_the_wake(false); }, "time.timeout_bug", BugKind::assertion_failure,
                            with(k));
    EXPECT_EQ(lines_in(b, kFile), std::set<unsigned>{53U});
    expect_clean(explore([] { consumer_trusting_the_wake(true); }, with(k), "time.timeout_fixed"));
  }
}

TEST(ExecutionTime, SleepingDoesNotSynchronise) {
  // "Sleep long enough and the other thread is done": the checker runs the reader first anyway.
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    Bug b = find_and_replay(
        [] {
          atomic<int> done(0, "done");
          thread writer([&] {
            this_thread::sleep_for(1ms);
            done.store(1);
          });
          this_thread::sleep_for(100ms);
          BRAID_ASSERT(done.load() == 1);
          writer.join();
        },
        "time.sleep", BugKind::assertion_failure, with(k));
    EXPECT_FALSE(b.trace.empty());
  }
}

void background(bool daemon) {
  atomic<bool> stop(false, "stop");
  thread worker([&] {
    while (!stop.load()) this_thread::sleep_for(1ms);
  });
  if (daemon) worker.daemon();
  worker.detach();
}

TEST(ExecutionTime, ADetachedThreadStillRunningIsLeakedUnlessADaemon) {
  find_and_replay([] { background(false); }, "time.leak", BugKind::leaked_thread, with(StrategyKind::dfs));
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    Result r = explore([] { background(true); }, with(k), "time.daemon");
    EXPECT_EQ(r.verdict, Verdict::pass) << describe(r);
  }
}

}  // namespace
}  // namespace braid::test
