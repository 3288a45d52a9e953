// Exploration as a whole: --keep-going, determinism, budgets, replay tokens that cannot be
// replayed (another test, another version, garbage, a schedule the test does not follow), and
// Braid primitives used outside a test.
#include <chrono>
#include <mutex>
#include <vector>

#include "checker/cli/version.hpp"
#include "checker/strategy/token.hpp"
#include "tests/unit/test_execution_support.hpp"

namespace braid::test {
namespace {

// bank_account.racy: a lost update (assertion_failure) behind a data race. get/set rather than
// the operators: their lines need no symbolizer, which keeps --keep-going runs (a report for
// every distinct pair of racing accesses) fast.
void racy_bank() {
  braid::var<int> balance{100, "balance"};
  auto deposit_then_withdraw = [&](int amount) {
    balance.set(balance.get() + amount);
    balance.set(balance.get() - amount);
  };
  braid::thread alice([&] { deposit_then_withdraw(10); });
  braid::thread bob([&] { deposit_then_withdraw(20); });
  alice.join();
  bob.join();
  BRAID_ASSERT(balance.get() == 100);
}

// counter_mutex(2, 2) of the litmus tests: 118 executions, no bug.
void locked_counter() {
  braid::mutex m{"m"};
  braid::var<int> c{0, "c"};
  auto work = [&] {
    for (int j = 0; j < 2; ++j) {
      std::lock_guard<braid::mutex> g(m);
      c = c + 1;
    }
  };
  braid::thread a(work);
  braid::thread b(work);
  a.join();
  b.join();
  BRAID_ASSERT(c == 4);
}

// A token for `name` made by hand (the version and settings of this build unless changed).
std::string token_for(const std::string& name, std::vector<std::uint32_t> choices, std::string version = kVersion) {
  strategy::Token t;
  t.version = std::move(version);
  t.test_hash = strategy::test_hash(name);
  t.spurious_wakeups = 1;
  t.max_steps = 100000;
  t.choices = std::move(choices);
  return strategy::encode_token(t);
}

Result replay(const std::function<void()>& body, const std::string& name, const std::string& token,
              Options o = in_process()) {
  o.replay = token;
  return explore(body, o, name);
}

// ---- keep going ----

Options keep_going() {
  Options o = in_process();
  o.keep_going = true;
  return o;
}

Options dfs(Options o = in_process()) {
  o.strategy = StrategyKind::dfs;
  return o;
}

TEST(ExecutionReplay, StopsAtTheFirstBugByDefault) {
  Result r = explore(racy_bank, in_process(), "bank.racy");
  EXPECT_EQ(r.bugs.size(), 1U) << describe(r);
  Bug b = bug_of(r, BugKind::data_race);
  EXPECT_EQ(b.execution, r.executions) << "the run stops in the execution that found it";
  EXPECT_FALSE(r.complete);
}

TEST(ExecutionReplay, KeepGoingFindsTheRaceAndTheLostUpdate) {
  Result r = explore(racy_bank, keep_going(), "bank.racy");
  EXPECT_TRUE(r.found(BugKind::data_race)) << describe(r);
  EXPECT_TRUE(r.found(BugKind::assertion_failure)) << describe(r);
  EXPECT_TRUE(r.complete) << "keep-going explores the whole tree: " << describe(r);
  // Distinct bugs only: each (kind, message) once.
  std::set<std::pair<BugKind, std::string>> distinct;
  for (const Bug& b : r.bugs) distinct.insert({b.kind, b.message});
  EXPECT_EQ(distinct.size(), r.bugs.size());
  EXPECT_EQ(r.tokens().size(), r.bugs.size());
}

TEST(ExecutionReplay, EveryKeepGoingTokenReplaysItsBug) {
  Result r = explore(racy_bank, keep_going(), "bank.racy");
  ASSERT_GE(r.bugs.size(), 2U) << describe(r);
  for (const Bug& b : r.bugs) {
    Result again = replay(racy_bank, "bank.racy", b.schedule, keep_going());
    EXPECT_EQ(again.verdict, Verdict::bug) << describe(again);
    bool same = false;
    for (const Bug& a : again.bugs) same = same || (a.kind == b.kind && a.locations == b.locations);
    EXPECT_TRUE(same) << "replay of the " << to_string(b.kind) << " token: " << describe(again);
  }
}

// A user copies the token of the lost update from a --keep-going report and replays it without
// the flag: it must reproduce the execution that made it (the token carries what the schedule
// depends on), not stop at the race on the way and call the token diverged.
TEST(ExecutionReplay, AKeepGoingTokenReplaysWithoutTheFlag) {
  Result r = explore(racy_bank, keep_going(), "bank.racy");
  Bug lost = bug_of(r, BugKind::assertion_failure);
  Result again = replay(racy_bank, "bank.racy", lost.schedule);
  EXPECT_NE(again.verdict, Verdict::error) << describe(again);
  EXPECT_TRUE(again.found(BugKind::assertion_failure)) << describe(again);
}

// ---- determinism ----

TEST(ExecutionReplay, TwoExplorationsGiveTheSameCountsAndTokens) {
  Result a = explore(racy_bank, keep_going(), "bank.racy");
  Result b = explore(racy_bank, keep_going(), "bank.racy");
  EXPECT_EQ(a.executions, b.executions);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(a.tokens(), b.tokens());
  ASSERT_EQ(a.bugs.size(), b.bugs.size());
  for (std::size_t i = 0; i < a.bugs.size(); ++i) {
    EXPECT_EQ(a.bugs[i].message, b.bugs[i].message);
    EXPECT_EQ(a.bugs[i].locations, b.bugs[i].locations);
    EXPECT_EQ(a.bugs[i].execution, b.bugs[i].execution);
  }
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    Options o = in_process();
    o.strategy = k;
    Result p = explore(locked_counter, o, "counter");
    Result q = explore(locked_counter, o, "counter");
    expect_clean(p);
    EXPECT_EQ(p.executions, k == StrategyKind::dfs ? 118U : 6U);
    EXPECT_EQ(p.executions, q.executions);
    EXPECT_EQ(p.steps, q.steps);
  }
}

TEST(ExecutionReplay, IsolatedAndInProcessRunsAgree) {
  Options isolated;
  isolated.keep_going = true;
  Result a = explore(racy_bank, isolated, "bank.racy");
  Result b = explore(racy_bank, keep_going(), "bank.racy");
  EXPECT_EQ(a.executions, b.executions);
  EXPECT_EQ(a.tokens(), b.tokens());
  EXPECT_EQ(a.complete, b.complete);
  Result p = explore(locked_counter, dfs(Options{}), "counter");
  expect_clean(p);
  EXPECT_EQ(p.executions, 118U);
}

TEST(ExecutionReplay, RandomWithTheSameSeedIsRepeatable) {
  Options o = in_process();
  o.strategy = StrategyKind::random;
  o.seed = 1234;
  o.max_executions = 40;
  Result a = explore(racy_bank, o, "bank.racy");
  Result b = explore(racy_bank, o, "bank.racy");
  EXPECT_EQ(a.strategy, "random");
  EXPECT_EQ(a.executions, b.executions);
  EXPECT_EQ(a.tokens(), b.tokens());
  Bug race = bug_of(a, BugKind::data_race);
  expect_replays(racy_bank, "bank.racy", race);
  Result pass = explore(locked_counter, o, "counter");
  EXPECT_EQ(pass.verdict, Verdict::pass);
  EXPECT_EQ(pass.executions, 40U);
  EXPECT_FALSE(pass.complete) << "random never claims to have covered everything";
}

// ---- budgets ----

TEST(ExecutionReplay, MaxExecutionsStopsAnIncompleteRun) {
  Options o = in_process();
  o.max_executions = 5;
  Result r = explore(locked_counter, o, "counter");
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_EQ(r.executions, 5U);
  EXPECT_FALSE(r.complete);
}

TEST(ExecutionReplay, TimeLimitStopsAnIncompleteRun) {
  auto big = [] {
    braid::mutex m{"m"};
    braid::var<int> c{0, "c"};
    std::vector<braid::thread> ts;
    for (int i = 0; i < 4; ++i) {
      ts.emplace_back([&] {
        for (int j = 0; j < 3; ++j) {
          std::lock_guard<braid::mutex> g(m);
          c = c + 1;
        }
      });
    }
    for (braid::thread& t : ts) t.join();
  };
  Options o = in_process();
  o.time_limit_s = 0.2;
  auto start = std::chrono::steady_clock::now();
  Result r = explore(big, o, "big");
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_FALSE(r.complete);
  EXPECT_GT(r.executions, 0U);
  EXPECT_LT(took, 5.0);
  EXPECT_GE(r.elapsed_s, 0.2);
}

// ---- replay errors ----

TEST(ExecutionReplay, ATokenForAnotherTestIsAnError) {
  Result found = explore(racy_bank, in_process(), "bank.racy");
  Bug b = bug_of(found, BugKind::data_race);
  Result r = replay(locked_counter, "counter", b.schedule);
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_TRUE(mentions(r.error, "another test")) << r.error;
  EXPECT_TRUE(mentions(r.error, "'counter'")) << r.error;
  EXPECT_TRUE(r.bugs.empty());
  EXPECT_EQ(r.executions, 0U) << "nothing runs";
}

TEST(ExecutionReplay, GarbageIsAnError) {
  Result r = replay(racy_bank, "bank.racy", "garbage");
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_TRUE(mentions(r.error, "not a Braid replay token")) << r.error;
  EXPECT_EQ(r.executions, 0U);
}

TEST(ExecutionReplay, ADamagedTokenIsAnError) {
  Result found = explore(racy_bank, in_process(), "bank.racy");
  std::string token = bug_of(found, BugKind::data_race).schedule;
  token.back() = token.back() == '0' ? '1' : '0';
  Result r = replay(racy_bank, "bank.racy", token);
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_TRUE(mentions(r.error, "damaged")) << r.error;
}

TEST(ExecutionReplay, ATokenOfAnotherVersionIsAnError) {
  Result r = replay(racy_bank, "bank.racy", token_for("bank.racy", {0}, "0.0.1"));
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_TRUE(mentions(r.error, "made by braid 0.0.1")) << r.error;
  EXPECT_TRUE(mentions(r.error, kVersion)) << r.error;
}

TEST(ExecutionReplay, ATokenThatRunsAThreadThatCannotRunDiverges) {
  Result r = replay(racy_bank, "bank.racy", token_for("bank.racy", {7}));
  EXPECT_EQ(r.verdict, Verdict::error) << describe(r);
  EXPECT_TRUE(mentions(r.error, "replay diverged at choice 1")) << r.error;
  EXPECT_TRUE(mentions(r.error, "thread 7")) << r.error;
}

TEST(ExecutionReplay, ATokenLongerThanTheRunDiverges) {
  Result found = explore(racy_bank, in_process(), "bank.racy");
  Bug b = bug_of(found, BugKind::data_race);
  auto decoded = strategy::decode_token(b.schedule);
  ASSERT_TRUE(std::holds_alternative<strategy::Token>(decoded));
  std::vector<std::uint32_t> choices = std::get<strategy::Token>(decoded).choices;
  choices.insert(choices.end(), 50, 0);
  Result r = replay(racy_bank, "bank.racy", token_for("bank.racy", choices));
  EXPECT_EQ(r.verdict, Verdict::error) << describe(r);
  EXPECT_TRUE(mentions(r.error, "replay diverged")) << r.error;
}

TEST(ExecutionReplay, ReplayOfAPassingScheduleRunsOnce) {
  auto body = [] {
    braid::var<int> x{0, "x"};
    braid::thread t([&] { x.set(1); });
    t.join();
    BRAID_ASSERT(x.get() == 1);
  };
  // The test makes no choice at all (the join blocks the body until the thread is done), so
  // the token of its one schedule has no choices.
  Options o = in_process();
  Result all = explore(body, o, "once");
  expect_clean(all);
  EXPECT_EQ(all.executions, 1U);
  Result r = replay(body, "once", token_for("once", {}));
  EXPECT_EQ(r.verdict, Verdict::pass) << describe(r);
  EXPECT_EQ(r.executions, 1U);
  EXPECT_EQ(r.strategy, "replay");
  EXPECT_FALSE(r.complete) << "a replay explores nothing";
}

// ---- outside a test ----

TEST(ExecutionReplay, PrimitivesOutsideATestThrowUsageError) {
  braid::mutex m{"m"};
  try {
    m.lock();
    FAIL() << "braid::mutex::lock outside a test did not throw";
  } catch (const braid::usage_error& e) {
    EXPECT_TRUE(mentions(e.what(), "braid::mutex used outside a Braid test")) << e.what();
  }
  EXPECT_THROW(m.try_lock(), braid::usage_error);
  EXPECT_THROW(m.unlock(), braid::usage_error);
  braid::recursive_mutex r;
  EXPECT_THROW(r.lock(), braid::usage_error);
  braid::var<int> v{0};
  EXPECT_THROW(v.set(1), braid::usage_error);
  EXPECT_THROW((void)v.get(), braid::usage_error);
  braid::atomic<int> a{0};
  EXPECT_THROW((void)a.load(), braid::usage_error);
  EXPECT_THROW(a.fetch_add(1), braid::usage_error);
  braid::condition_variable cv;
  EXPECT_THROW(cv.notify_one(), braid::usage_error);
  EXPECT_THROW(braid::this_thread::yield(), braid::usage_error);
  EXPECT_THROW(braid::thread([] {}), braid::usage_error);
  EXPECT_THROW(BRAID_ASSERT(1 + 1 == 3), braid::usage_error);
  BRAID_ASSERT(1 + 1 == 2);  // a holding assertion is fine anywhere
}

TEST(ExecutionReplay, ObjectsOutlivingAnExecutionWorkInTheNext) {
  // A facade made outside the test and used by every execution (e.g. a global).
  braid::mutex shared{"shared"};
  braid::var<int> count{0, "count"};
  auto body = [&] {
    count.set(0);
    braid::thread t([&] {
      std::lock_guard<braid::mutex> g(shared);
      count.set(count.get() + 1);
    });
    {
      std::lock_guard<braid::mutex> g(shared);
    }
    t.join();
    BRAID_ASSERT(count.get() == 1);
  };
  Result a = explore(body, in_process(), "outlive");
  expect_clean(a);
  Result b = explore(body, in_process(), "outlive");
  expect_clean(b);
  EXPECT_EQ(a.executions, b.executions);
  EXPECT_THROW(shared.lock(), braid::usage_error) << "and outside any test it is refused again";
}

}  // namespace
}  // namespace braid::test
