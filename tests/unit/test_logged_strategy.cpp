// The record / replay pair that lets an execution run in another process (braid check): an
// execution's calls into one strategy, logged by a Recorder and replayed by a Replayer on a twin
// strategy, leave the twin where the first one is, so an exploration driven through them finds
// exactly what a direct one does.
#include <gtest/gtest.h>

#include <braid/braid.hpp>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "checker/runtime/execution.hpp"
#include "checker/runtime/runner.hpp"
#include "checker/strategy/logged.hpp"
#include "checker/strategy/metrics.hpp"
#include "checker/strategy/strategy.hpp"
#include "test_execution_support.hpp"

namespace braid::test {
namespace {

struct LogMemory {
  explicit LogMemory(std::uint64_t words) : bytes(strategy::call_log_bytes(words)) {
    log = static_cast<strategy::CallLog*>(::operator new(bytes));
    log->capacity = words;
  }
  ~LogMemory() { ::operator delete(log); }
  LogMemory(const LogMemory&) = delete;
  LogMemory& operator=(const LogMemory&) = delete;
  std::size_t bytes;
  strategy::CallLog* log;
};

// Runs each execution under a twin of the exploration's strategy (as a forked child runs it under
// its copy), recording; then replays the log on the exploration's own strategy.
class TwinHost final : public rt::ExecutionHost {
 public:
  explicit TwinHost(std::unique_ptr<strategy::Strategy> twin) : twin_(std::move(twin)), memory_(1 << 20) {}

  rt::Outcome run(rt::Execution& ex, strategy::Strategy& s, const std::function<void()>& body) override {
    EXPECT_TRUE(twin_->begin_execution());
    strategy::Recorder recorder(*twin_, *memory_.log);
    ex.set_strategy(&recorder);
    rt::Outcome o = ex.run(body);
    if (o.status != rt::ExecutionStatus::diverged) recorder.end_execution();
    ex.set_strategy(&s);
    replayer_.emplace(s, *memory_.log);
    replayer_->replay_run();
    ++runs;
    return o;
  }
  void end_execution(strategy::Strategy& /*s*/, std::uint64_t /*executions*/) override { replayer_->replay_end(); }
  std::vector<detect::RecordedStep> trace(const std::function<void(detect::TraceRecorder&)>& traced) override {
    detect::TraceRecorder recorder;
    traced(recorder);
    return recorder.steps();
  }

  std::uint64_t runs = 0;

 private:
  std::unique_ptr<strategy::Strategy> twin_;
  LogMemory memory_;
  std::optional<strategy::Replayer> replayer_;
};

void counter_body() {
  mutex m;
  var<int> c(0, "c");
  std::vector<thread> ts;
  for (int i = 0; i < 3; ++i) {
    ts.emplace_back([&] {
      for (int j = 0; j < 2; ++j) {
        std::lock_guard g(m);
        c = c + 1;
      }
    });
  }
  for (thread& t : ts) t.join();
  BRAID_ASSERT(c == 6);
}

Result hosted(const std::function<void()>& body, Options o, std::unique_ptr<strategy::Strategy> twin,
              std::uint64_t* runs = nullptr) {
  o.isolate = false;
  TwinHost host(std::make_unique<strategy::Metrics>(std::move(twin)));
  rt::RunHooks hooks;
  hooks.host = &host;
  Result r = rt::run_in_process(body, o, "logged.test", hooks);
  if (runs != nullptr) *runs = host.runs;
  return r;
}

TEST(LoggedStrategy, DporThroughRecordAndReplayCountsAsDirect) {
  Options o;
  o.strategy = StrategyKind::dpor;
  std::uint64_t runs = 0;
  Result r = hosted(counter_body, o, strategy::make_dpor(), &runs);
  expect_clean(r);
  EXPECT_EQ(r.executions, 90U);  // 6! / (2!)^3, as a direct dpor run counts (test_dpor.cpp)
  EXPECT_EQ(runs, r.executions + r.pruned);
}

TEST(LoggedStrategy, DfsThroughRecordAndReplayFindsTheSameRace) {
  auto racy = [] {
    var<int> x(0, "x");
    thread t([&] { x = 1; });
    x = 2;
    t.join();
  };
  Options o;
  o.strategy = StrategyKind::dfs;
  o.keep_going = true;
  Result direct = explore(racy, in_process(o), "logged.test");
  Result via = hosted(racy, o, strategy::make_dfs());
  ASSERT_EQ(via.verdict, Verdict::bug) << describe(via);
  EXPECT_EQ(via.executions, direct.executions);
  ASSERT_EQ(via.bugs.size(), direct.bugs.size());
  EXPECT_EQ(via.bugs[0].kind, BugKind::data_race);
  EXPECT_EQ(via.bugs[0].schedule, direct.bugs[0].schedule);
}

TEST(LoggedStrategy, AReplayThatDivergesIsAnInternalError) {
  LogMemory memory(64);
  auto a = strategy::make_dfs();
  auto b = strategy::make_dfs();
  ASSERT_TRUE(a->begin_execution());
  ASSERT_TRUE(b->begin_execution());
  strategy::Recorder recorder(*a, *memory.log);
  const std::vector<std::uint32_t> options{0, 1};
  EXPECT_EQ(recorder.pick(options, 0), 0U);
  memory.log->words[memory.log->len - 1] = 1;  // the log now says option 1 was chosen
  strategy::Replayer replayer(*b, *memory.log);
  EXPECT_THROW(replayer.replay_run(), std::runtime_error);
}

}  // namespace
}  // namespace braid::test
