// Sharding (checker/strategy/shard.hpp): the shards of a search partition its executions, for
// every ownership rule; and merging shard reports (checker/report/merge.hpp).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "braid/config.hpp"
#include "checker/report/merge.hpp"
#include "checker/strategy/shard.hpp"
#include "checker/strategy/strategy.hpp"

namespace braid::strategy {
namespace {

using Path = std::vector<std::uint32_t>;

// A tree of `depth` levels where the node after path p offers 2 + (sum of p) % 3 threads: uneven
// fan-out, so that prefixes end at different depths.
std::vector<std::uint32_t> options_after(const Path& p, std::size_t depth) {
  if (p.size() >= depth) return {};
  std::uint32_t sum = 0;
  for (std::uint32_t v : p) sum += v;
  std::vector<std::uint32_t> out;
  for (std::uint32_t t = 0; t < 2 + sum % 3; ++t) out.push_back(10 + t);
  return out;
}

struct OneRun {
  Path path;
  bool pruned = false;
  bool counted = true;
};

// One execution as Execution and the Runner drive it: stop at kPrune, ask counted() at the end.
bool run_one(Strategy& s, std::size_t depth, OneRun& out) {
  if (!s.begin_execution()) return false;
  out = OneRun{};
  for (std::vector<std::uint32_t> o = options_after(out.path, depth); !o.empty(); o = options_after(out.path, depth)) {
    std::size_t i = s.pick(o, 0);
    if (i == kPrune) {
      out.pruned = true;
      break;
    }
    EXPECT_LT(i, o.size());
    out.path.push_back(o[i]);
  }
  out.counted = s.counted();
  s.end_execution();
  return true;
}

// The counted executions of `s`, in order.
std::vector<Path> counted_paths(Strategy& s, std::size_t depth) {
  std::vector<Path> out;
  OneRun r;
  while (run_one(s, depth, r)) {
    if (r.counted) {
      EXPECT_FALSE(r.pruned) << "an owned execution is never cut short by the shard";
      out.push_back(r.path);
    }
  }
  return out;
}

TEST(Shard, DfsShardsPartitionEveryExecutionExactlyOnce) {
  for (std::size_t depth : {1U, 3U, 6U}) {
    auto whole = make_dfs();
    const std::vector<Path> all = counted_paths(*whole, depth);
    for (std::uint32_t n : {2U, 3U, 4U, 7U}) {
      std::map<Path, int> owners;
      for (std::uint32_t k = 0; k < n; ++k) {
        auto shard = make_shard(make_dfs(), ShardMode::prefix, k, n);
        for (const Path& p : counted_paths(*shard, depth)) ++owners[p];
        EXPECT_TRUE(shard->complete());
      }
      ASSERT_EQ(owners.size(), all.size()) << "depth " << depth << ", " << n << " shards";
      for (const Path& p : all) EXPECT_EQ(owners[p], 1) << "depth " << depth << ", " << n << " shards";
    }
  }
}

TEST(Shard, PrefixOwnerIsAFunctionOfTheFirstChoicesOnly) {
  // 2 * 3 * 4 * 2 = 48 >= 8 * 4: the prefix of 4 shards is the first four choices.
  Trail a{{1, 0, 2}, {5, 1, 3}, {6, 2, 4}, {7, 0, 2}, {9, 1, 2}};
  Trail b = a;
  b[4] = Choice{8, 0, 2};
  b.push_back(Choice{3, 1, 5});
  EXPECT_EQ(prefix_owner(a, 4), prefix_owner(b, 4));
  EXPECT_LT(prefix_owner(a, 4), 4U);
}

TEST(Shard, DfsShardSkipsWholeSubtreesItDoesNotOwn) {
  auto shard = make_shard(make_dfs(), ShardMode::prefix, 0, 2);
  std::size_t pruned = 0;
  std::size_t counted = 0;
  OneRun r;
  while (run_one(*shard, 8, r)) {
    pruned += r.pruned ? 1 : 0;
    counted += r.counted ? 1 : 0;
  }
  EXPECT_GT(counted, 100U);
  EXPECT_LT(pruned, counted) << "one cut-short execution per foreign prefix, not per foreign execution";
}

TEST(Shard, RandomShardsRunExecutionIModNAndTogetherTheWholeRun) {
  auto whole = make_random(7, 40);
  const std::vector<Path> all = counted_paths(*whole, 5);
  std::vector<Path> merged(all.size());
  for (std::uint32_t k = 0; k < 3; ++k) {
    auto shard = make_shard(make_random(7, 40), ShardMode::skip, k, 3);
    std::vector<Path> mine = counted_paths(*shard, 5);
    for (std::size_t j = 0; j < mine.size(); ++j) merged[k + 3 * j] = mine[j];
    EXPECT_EQ(mine.size(), (40 - k + 2) / 3);
  }
  EXPECT_EQ(merged, all);
}

TEST(Shard, IndexModeRunsEverythingAndCountsItsShare) {
  auto whole = make_dfs();
  const std::vector<Path> all = counted_paths(*whole, 4);
  auto shard = make_shard(make_dfs(), ShardMode::index, 1, 3);
  std::vector<Path> expected;
  for (std::size_t i = 1; i < all.size(); i += 3) expected.push_back(all[i]);
  EXPECT_EQ(counted_paths(*shard, 4), expected);
  EXPECT_TRUE(shard->complete());
}

TEST(Shard, ModesOfTheStrategies) {
  EXPECT_EQ(shard_mode(StrategyKind::dfs), ShardMode::prefix);
  EXPECT_EQ(shard_mode(StrategyKind::pb), ShardMode::prefix);
  EXPECT_EQ(shard_mode(StrategyKind::random), ShardMode::skip);
  EXPECT_EQ(shard_mode(StrategyKind::dpor), ShardMode::index);
  EXPECT_EQ(shard_mode(StrategyKind::pct), ShardMode::index);
}

}  // namespace
}  // namespace braid::strategy

namespace braid::report {
namespace {

Bug bug(BugKind kind, unsigned line, std::uint64_t execution) {
  Bug b;
  b.kind = kind;
  b.message = "m";
  b.schedule = "t" + std::to_string(line) + "." + std::to_string(execution);
  b.locations.push_back(Location{"a.cpp", line, "f"});
  b.execution = execution;
  return b;
}

ShardReport shard(std::uint32_t k, std::uint32_t n, std::uint64_t executions, std::vector<Bug> bugs = {}) {
  Result r;
  r.name = "suite.test";
  r.strategy = "dfs";
  r.complete = true;
  r.executions = executions;
  r.steps = 10 * executions;
  r.pruned = 1;
  r.elapsed_s = 0.5 + k;
  r.bugs = std::move(bugs);
  r.verdict = r.bugs.empty() ? Verdict::pass : Verdict::bug;
  return ShardReport{"s" + std::to_string(k) + ".json", "0.1.0", k, n, "strategy=dfs", {r}};
}

std::string error_of(std::vector<ShardReport> shards) {
  auto out = merge_shards(std::move(shards));
  return std::holds_alternative<std::string>(out) ? std::get<std::string>(out) : std::string();
}

TEST(Merge, SumsCountsAndKeepsTheLongestElapsed) {
  auto out = merge_shards({shard(1, 3, 20), shard(0, 3, 10), shard(2, 3, 30)});
  ASSERT_TRUE(std::holds_alternative<std::vector<Result>>(out)) << std::get<std::string>(out);
  const Result& r = std::get<std::vector<Result>>(out).at(0);
  EXPECT_EQ(r.executions, 60U);
  EXPECT_EQ(r.steps, 600U);
  EXPECT_EQ(r.pruned, 3U);
  EXPECT_EQ(r.elapsed_s, 2.5);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_EQ(r.coverage, "complete: every interleaving explored (60 executions, dfs)");
}

TEST(Merge, BugsAreDeduplicatedByKindAndLocationsKeepingTheLowestShard) {
  auto out = merge_shards({shard(1, 2, 5, {bug(BugKind::data_race, 10, 1), bug(BugKind::deadlock, 20, 4)}),
                           shard(0, 2, 5, {bug(BugKind::data_race, 10, 3), bug(BugKind::data_race, 11, 2)})});
  ASSERT_TRUE(std::holds_alternative<std::vector<Result>>(out));
  const Result& r = std::get<std::vector<Result>>(out).at(0);
  ASSERT_EQ(r.bugs.size(), 3U);
  EXPECT_EQ(r.bugs[0].schedule, "t11.2") << "shard 0's bugs first, by execution";
  EXPECT_EQ(r.bugs[1].schedule, "t10.3") << "the race at line 10 from shard 0, not shard 1";
  EXPECT_EQ(r.bugs[2].kind, BugKind::deadlock);
  EXPECT_EQ(r.verdict, Verdict::bug);
}

TEST(Merge, IncompleteWhenAnyShardIsAndErrorWhenAnyShardFailed) {
  ShardReport a = shard(0, 2, 5);
  ShardReport b = shard(1, 2, 5);
  b.tests[0].complete = false;
  b.tests[0].coverage = "not complete: 5 executions under dfs, stopped by --max-executions=5 [shard 1/2]";
  auto out = merge_shards({a, b});
  const Result& r = std::get<std::vector<Result>>(out).at(0);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.coverage,
            "not complete: 10 executions over 2 shards (shard 1/2: 5 executions under dfs, stopped by "
            "--max-executions=5)");
  b.tests[0].verdict = Verdict::error;
  b.tests[0].error = "diverged";
  auto failed = merge_shards({a, b});
  const Result& e = std::get<std::vector<Result>>(failed).at(0);
  EXPECT_EQ(e.verdict, Verdict::error);
  EXPECT_EQ(e.error, "shard 1/2: diverged");
}

TEST(Merge, RefusesReportsThatAreNotTheShardsOfOneRun) {
  EXPECT_EQ(error_of({}), "no reports to merge");
  EXPECT_NE(error_of({shard(0, 3, 1), shard(1, 3, 1)}).find("merge all 3 shards"), std::string::npos);
  EXPECT_EQ(error_of({shard(0, 2, 1), shard(0, 2, 1)}), "shard 0/2 is given twice (s0.json and s0.json)");
  ShardReport other = shard(1, 2, 1);
  other.settings = "strategy=dpor";
  EXPECT_NE(error_of({shard(0, 2, 1), other}).find("different settings"), std::string::npos);
  other = shard(1, 2, 1);
  other.tests[0].name = "suite.other";
  EXPECT_NE(error_of({shard(0, 2, 1), other}).find("ran different tests"), std::string::npos);
  other = shard(1, 2, 1);
  other.version = "0.0.9";
  EXPECT_NE(error_of({shard(0, 2, 1), other}).find("braid 0.0.9"), std::string::npos);
}

TEST(Merge, ShardNamesAndSettings) {
  std::uint32_t k = 9;
  std::uint32_t n = 9;
  EXPECT_EQ(parse_shard("2/4", k, n), "");
  EXPECT_EQ(k, 2U);
  EXPECT_EQ(n, 4U);
  EXPECT_NE(parse_shard("4/4", k, n), "");
  EXPECT_NE(parse_shard("1/0", k, n), "");
  EXPECT_NE(parse_shard("1", k, n), "");
  EXPECT_NE(parse_shard("-1/2", k, n), "");
  EXPECT_EQ(shard_name(3, 8), "3/8");
  Options a;
  Options b;
  b.seed = 5;
  EXPECT_NE(settings_of(a), settings_of(b));
}

TEST(Merge, ReadsAShardReport) {
  nlohmann::json j = nlohmann::json::parse(R"({"tool":"braid","version":"0.1.0","shard":"1/2","settings":"s",
    "tests":[{"name":"a.b","verdict":"pass","complete":true,"executions":3,"pruned":2,"elapsed_s":0.1,
              "strategy":"dfs","bugs":[]}]})");
  ShardReport s = shard_report_from_json(j, "x.json");
  EXPECT_EQ(s.index, 1U);
  EXPECT_EQ(s.count, 2U);
  EXPECT_EQ(s.tests.at(0).pruned, 2U);
  j.erase("shard");
  EXPECT_THROW(shard_report_from_json(j, "x.json"), std::invalid_argument);
}

}  // namespace
}  // namespace braid::report
