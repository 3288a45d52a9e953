// How far a run got: the strategies' explored_fraction(), the progress line built from it, and
// the coverage line every report ends a test with (checker/runtime/runner.hpp, describe_coverage).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <braid/braid.hpp>
#include <string>

#include "checker/cli/progress.hpp"
#include "checker/report/text.hpp"
#include "checker/runtime/runner.hpp"
#include "checker/strategy/strategy.hpp"
#include "test_execution_support.hpp"

namespace braid {
namespace {

// One execution of a uniform tree `depth` levels deep with `width` options at each level.
void run_uniform(strategy::Strategy& s, unsigned depth, std::uint32_t width) {
  std::vector<std::uint32_t> options(width);
  for (std::uint32_t i = 0; i < width; ++i) options[i] = i;
  std::uint32_t current = 1000;
  for (unsigned d = 0; d < depth; ++d) current = options[s.pick(options, current)];
  s.end_execution();
}

TEST(ExploredFraction, DfsOnAUniformTreeIsExact) {
  auto dfs = strategy::make_dfs();
  EXPECT_EQ(dfs->explored_fraction(), 0);
  int done = 0;
  while (dfs->begin_execution()) {
    run_uniform(*dfs, 3, 2);
    ++done;
    EXPECT_DOUBLE_EQ(dfs->explored_fraction(), done / 8.0) << "after " << done;
  }
  EXPECT_EQ(done, 8);
}

TEST(ExploredFraction, RandomAndPctCountTheirPlannedExecutions) {
  for (auto& s : {strategy::make_random(7, 4), strategy::make_pct(7, 4, 3)}) {
    int done = 0;
    while (s->begin_execution()) {
      run_uniform(*s, 3, 2);
      ++done;
      EXPECT_DOUBLE_EQ(s->explored_fraction(), done / 4.0) << s->name();
    }
    EXPECT_EQ(done, 4);
  }
}

TEST(ExploredFraction, PbStaysWithinZeroAndOneAndEndsAtOne) {
  auto pb = strategy::make_pb(2);
  EXPECT_EQ(pb->phase(), "0 preemptions of at most 2: ~0%");
  int done = 0;
  while (pb->begin_execution()) {
    run_uniform(*pb, 6, 3);
    ++done;
    const double f = pb->explored_fraction();
    EXPECT_LE(f, 1.0) << "after " << done;
    if (f < 1) {
      EXPECT_NE(pb->phase(), "") << "after " << done;
    }
  }
  EXPECT_GT(done, 10);
  EXPECT_EQ(pb->explored_fraction(), 1);
  EXPECT_EQ(pb->phase(), "") << "nothing to add once done";
}

TEST(ExploredFraction, ReplayCannotTell) { EXPECT_LT(strategy::make_replay({0, 1})->explored_fraction(), 0); }

rt::Progress sample() {
  rt::Progress p;
  p.name = "racy.counter";
  p.strategy = "dfs";
  p.executions = 12345;
  p.bugs = 0;
  p.elapsed_s = 0.2;
  p.explored = 0.25;
  return p;
}

TEST(ProgressLine, ShowsCountsRateElapsedAndEstimate) {
  EXPECT_EQ(cli::progress_line(sample(), Options{}),
            "braid: racy.counter  dfs  12,345 executions  61.7k/s  0 bugs  0.2 s  ~25% (est. 0.6 s left)");
}

TEST(ProgressLine, NoEstimateWhenNothingTells) {
  rt::Progress p = sample();
  p.explored = -1;
  p.executions = 1;
  p.bugs = 1;
  EXPECT_EQ(cli::progress_line(p, Options{}), "braid: racy.counter  dfs  1 execution  5/s  1 bug  0.2 s");
}

TEST(ProgressLine, TheBoundThatEndsTheRunFirstGivesTheEstimate) {
  rt::Progress p = sample();
  p.explored = -1;
  Options o;
  o.max_executions = 24690;
  EXPECT_NE(cli::progress_line(p, o).find("~50% (est. 0.2 s left)"), std::string::npos) << cli::progress_line(p, o);
  o.time_limit_s = 0.25;
  EXPECT_NE(cli::progress_line(p, o).find("~80% (est. 0.0 s left)"), std::string::npos) << cli::progress_line(p, o);
}

TEST(ProgressLine, NarrowTerminalsLoseTheRateAndPhaseFirst) {
  rt::Progress p = sample();
  p.phase = "1 preemption of at most 2: ~40%";
  std::string wide = cli::progress_line(p, Options{});
  EXPECT_NE(wide.find("[1 preemption of at most 2: ~40%]"), std::string::npos) << wide;
  std::string narrow = cli::progress_line(p, Options{}, 90);
  EXPECT_EQ(narrow, "braid: racy.counter  dfs  12,345 executions  0 bugs  0.2 s  ~25% (est. 0.6 s left)");
  EXPECT_EQ(cli::progress_line(p, Options{}, 20).size(), 20U);
}

Result counted(std::uint64_t executions, bool complete, const char* strategy) {
  Result r;
  r.executions = executions;
  r.complete = complete;
  r.strategy = strategy;
  return r;
}

TEST(Coverage, Wording) {
  Options o;
  EXPECT_EQ(rt::describe_coverage(counted(6, true, "dpor"), o, rt::Stop::finished),
            "complete: every trace explored (6 executions, dpor)");
  o.strategy = StrategyKind::dfs;
  EXPECT_EQ(rt::describe_coverage(counted(118, true, "dfs"), o, rt::Stop::finished),
            "complete: every interleaving explored (118 executions, dfs)");
  o.max_executions = 50;
  EXPECT_EQ(rt::describe_coverage(counted(50, false, "dfs"), o, rt::Stop::max_executions),
            "not complete: 50 executions under dfs, stopped by --max-executions=50");
  o.time_limit_s = 2.5;
  EXPECT_EQ(rt::describe_coverage(counted(1, false, "dfs"), o, rt::Stop::time_limit),
            "not complete: 1 execution under dfs, stopped by --time-limit=2.5");
  EXPECT_EQ(rt::describe_coverage(counted(3, false, "dfs"), o, rt::Stop::bug),
            "not complete: 3 executions under dfs, stopped at the first bug (--keep-going explores on)");
  o.strategy = StrategyKind::random;
  o.seed = 7;
  o.max_executions = 1000;
  EXPECT_EQ(rt::describe_coverage(counted(1000, false, "random"), o, rt::Stop::max_executions),
            "not complete: 1000 executions under random (seed 7)");
  o.strategy = StrategyKind::pct;
  EXPECT_EQ(rt::describe_coverage(counted(1000, false, "pct"), o, rt::Stop::finished),
            "not complete: 1000 executions under pct depth 3 (seed 7)");
  o.strategy = StrategyKind::pb;
  EXPECT_EQ(rt::describe_coverage(counted(40, false, "pb"), o, rt::Stop::finished),
            "not complete: 40 executions under pb bound 2");
  EXPECT_EQ(rt::describe_coverage(counted(40, true, "pb"), o, rt::Stop::finished),
            "complete: every interleaving explored (40 executions, pb)");
  o.replay = "token";
  EXPECT_EQ(rt::describe_coverage(counted(1, false, "replay"), o, rt::Stop::replay),
            "not complete: a replay of one schedule");
}

void two_adders() {
  braid::mutex m;
  braid::var<int> total{0, "total"};
  auto add = [&] {
    std::lock_guard<braid::mutex> g(m);
    total = total + 1;
  };
  braid::thread a(add);
  braid::thread b(add);
  a.join();
  b.join();
}

Options dfs() {
  Options o = test::in_process();
  o.strategy = StrategyKind::dfs;
  return o;
}

TEST(Coverage, TheRunnerFillsItInAndTheTextReportShowsIt) {
  Result all = explore(two_adders, dfs(), "cov.all");
  ASSERT_TRUE(all.complete) << test::describe(all);
  EXPECT_EQ(all.coverage, fmt::format("complete: every interleaving explored ({} executions, dfs)", all.executions));
  Options by_dpor = test::in_process();
  Result traces = explore(two_adders, by_dpor, "cov.traces");
  EXPECT_EQ(traces.coverage, fmt::format("complete: every trace explored ({} executions, dpor)", traces.executions));
  Options o = dfs();
  o.max_executions = 2;
  Result some = explore(two_adders, o, "cov.some");
  EXPECT_EQ(some.coverage, "not complete: 2 executions under dfs, stopped by --max-executions=2");
  std::string text = report::render_text({some}, false);
  EXPECT_NE(text.find("cov.some: pass (2 executions"), std::string::npos) << text;
  EXPECT_NE(text.find("\n  not complete: 2 executions under dfs, stopped by --max-executions=2\n"), std::string::npos)
      << text;
  o.isolate = true;  // the forked worker sends it back to the parent
  EXPECT_EQ(explore(two_adders, o, "cov.isolated").coverage, some.coverage);
}

TEST(Coverage, ProgressReachesTheHookInProcess) {
  int calls = 0;
  rt::RunHooks hooks;
  hooks.on_progress = [&](const rt::Progress& p) {
    ++calls;
    EXPECT_EQ(p.name, "cov.progress");
    EXPECT_EQ(p.strategy, "dfs");
    EXPECT_GT(p.executions, 0U);
  };
  Options o = dfs();
  o.time_limit_s = 0.6;
  auto spin = [] {
    braid::var<int> x{0, "x"};
    auto bump = [&] {
      for (int i = 0; i < 4; ++i) x = x + 1;
    };
    braid::thread a(bump);
    braid::thread b(bump);
    braid::thread c(bump);
    a.join();
    b.join();
    c.join();
  };
  o.keep_going = true;
  rt::run_in_process(spin, o, "cov.progress", hooks);
  EXPECT_GE(calls, 1);
}

}  // namespace
}  // namespace braid
