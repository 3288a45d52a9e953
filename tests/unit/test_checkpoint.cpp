// Checkpoints (--checkpoint): every strategy, stopped halfway by a stop signal and resumed from
// its checkpoint file, runs the same sequence of executions as an uninterrupted run, and ends
// with the same result (executions, completeness, bugs and their tokens).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "braid/braid.hpp"
#include "braid/explore.hpp"
#include "checker/runtime/interrupt.hpp"

namespace braid {
namespace {

// The order in which each execution took the lock, one string per execution, in run order.
std::vector<std::string> g_log;
std::size_t g_stop_after = 0;  // raise a stop after this many executions (0: never)
// Whether the body has its bug. why not always: a bug's trace comes from running its schedule
// once more, which logs too, and a resumed run reruns a bug it meets again once, to learn that
// it is the one it had (by source lines): the logs would differ by those reruns.
bool g_with_bug = false;

void body() {
  std::string order;
  braid::mutex m{"m"};
  braid::var<int> x{0, "x"};
  braid::atomic<int> first{0};
  auto work = [&](int id) {
    for (int i = 0; i < 2; ++i) {
      std::lock_guard<braid::mutex> g(m);
      order += static_cast<char>('a' + id);
      x = x + 1;
    }
    int none = 0;
    first.compare_exchange_strong(none, id);
  };
  braid::thread a(work, 0);
  braid::thread b(work, 1);
  a.join();
  b.join();
  g_log.push_back(order);
  if (g_stop_after != 0 && g_log.size() == g_stop_after) rt::set_stop_signal(SIGTERM);
  if (g_with_bug) BRAID_ASSERT(first.load() != 1);  // found again and again: reported once
}

struct Case {
  const char* name;
  StrategyKind strategy;
  std::uint64_t max_executions;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class CheckpointTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("braid_ckpt_" + std::to_string(getpid()) + ".json");
    std::filesystem::remove(path_);
    rt::set_stop_signal(0);
    g_stop_after = 0;
    g_with_bug = false;
  }
  void TearDown() override {
    std::filesystem::remove(path_);
    rt::set_stop_signal(0);
    g_stop_after = 0;
  }

  Options options() const {
    Options o;
    o.strategy = GetParam().strategy;
    o.max_executions = GetParam().max_executions;
    o.seed = 7;
    o.bound = 1;
    o.keep_going = true;
    o.isolate = false;  // why: the log lives in this process
    return o;
  }

  std::filesystem::path path_;
};

// Runs the body whole, then stopped after half its executions and resumed: returns the two
// final results and leaves in `logs` the two logs.
void stop_and_resume(const Options& options, const std::string& path, Result& whole, Result& first, Result& rest,
                     std::vector<std::string> logs[2]) {
  g_log.clear();
  whole = explore(body, options, "ckpt.body");
  logs[0] = g_log;
  Options o = options;
  o.checkpoint = path;
  g_log.clear();
  g_stop_after = logs[0].size() / 2;
  first = explore(body, o, "ckpt.body");
  EXPECT_TRUE(std::filesystem::exists(path));
  rt::set_stop_signal(0);
  g_stop_after = 0;
  rest = explore(body, o, "ckpt.body");
  logs[1] = g_log;
}

TEST_P(CheckpointTest, StoppedAndResumedRunsTheSameExecutions) {
  Result whole, first, rest;
  std::vector<std::string> logs[2];
  stop_and_resume(options(), path_.string(), whole, first, rest, logs);
  ASSERT_GT(logs[0].size(), 10U);
  EXPECT_EQ(first.executions, logs[0].size() / 2);
  EXPECT_FALSE(first.complete);
  EXPECT_NE(first.coverage.find("stopped by SIGTERM; resume with --checkpoint="), std::string::npos) << first.coverage;
  EXPECT_EQ(logs[1], logs[0]);
  EXPECT_EQ(rest.executions, whole.executions);
  EXPECT_EQ(rest.complete, whole.complete);
  EXPECT_EQ(rest.coverage, whole.coverage);
  EXPECT_GE(rest.elapsed_s, first.elapsed_s) << "the elapsed time adds up the runs";
  EXPECT_FALSE(std::filesystem::exists(path_)) << "an ended run removes its checkpoint";
}

TEST_P(CheckpointTest, StoppedAndResumedFindsTheSameBugs) {
  g_with_bug = true;
  Result whole, first, rest;
  std::vector<std::string> logs[2];
  stop_and_resume(options(), path_.string(), whole, first, rest, logs);
  ASSERT_EQ(whole.verdict, Verdict::bug);
  EXPECT_FALSE(first.bugs.empty());
  EXPECT_EQ(rest.verdict, whole.verdict);
  EXPECT_EQ(rest.executions, whole.executions);
  EXPECT_EQ(rest.tokens(), whole.tokens());
  EXPECT_EQ(rest.bugs.size(), 1U);
  EXPECT_EQ(rest.bugs.front().execution, whole.bugs.front().execution);
}

TEST_P(CheckpointTest, ADamagedStateIsAnError) {
  Options o = options();
  o.checkpoint = path_.string();
  g_log.clear();
  g_stop_after = 3;
  explore(body, o, "ckpt.body");
  rt::set_stop_signal(0);
  g_stop_after = 0;
  // Replace the strategy's state by one no strategy saves.
  nlohmann::json file = nlohmann::json::parse(std::ifstream(path_));
  ASSERT_TRUE(file["tests"]["ckpt.body"].contains("strategy"));
  file["tests"]["ckpt.body"]["strategy"] = {{"done", "no"}, {"stack", 7}, {"started", "no"}, {"nodes", 3}};
  std::ofstream(path_) << file.dump();
  Result r = explore(body, o, "ckpt.body");
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_NE(r.error.find("is damaged"), std::string::npos) << r.error;
}

INSTANTIATE_TEST_SUITE_P(Strategies, CheckpointTest,
                         ::testing::Values(Case{"dfs", StrategyKind::dfs, 0}, Case{"dpor", StrategyKind::dpor, 0},
                                           Case{"pb", StrategyKind::pb, 0}, Case{"random", StrategyKind::random, 200},
                                           Case{"pct", StrategyKind::pct, 200}),
                         [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace braid
