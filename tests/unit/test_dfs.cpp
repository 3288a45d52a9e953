// The dfs, random and replay strategies through their interface (checker/strategy/strategy.hpp),
// driven by a fake "test": a tree whose every node offers some threads, with no execution
// underneath. The driver does what Execution and the Runner do: begin_execution, pick at every
// node with two or more options, record the trail, end_execution.
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <vector>

#include "braid/config.hpp"
#include "checker/strategy/strategy.hpp"

namespace braid::strategy {
namespace {

using Path = std::vector<std::uint32_t>;  // the values chosen, in order
constexpr std::uint32_t kNobody = 1000;   // the current thread before any thread runs
// The options offered after `chosen` (empty: the execution ends there).
using Tree = std::function<std::vector<std::uint32_t>(const Path& chosen)>;

struct Outcome {
  Path path;
  Trail trail;
  bool diverged = false;
  std::string end_check;
};

// One execution of `tree` under `s`; false when the strategy has nothing more to run.
bool run_one(Strategy& s, const Tree& tree, Outcome& out) {
  if (!s.begin_execution()) return false;
  out = Outcome{};
  for (;;) {
    std::vector<std::uint32_t> options = tree(out.path);
    if (options.empty()) break;
    std::size_t i = 0;
    if (options.size() > 1) {
      // The thread chosen last runs until this point (none before the first).
      i = s.pick(options, out.path.empty() ? kNobody : out.path.back());
      if (i == kDiverged) {
        out.diverged = true;
        break;
      }
      EXPECT_LT(i, options.size());
      if (i >= options.size()) break;
      out.trail.push_back(
          Choice{options[i], static_cast<std::uint16_t>(i), static_cast<std::uint16_t>(options.size())});
    }
    out.path.push_back(options[i]);
  }
  out.end_check = s.end_check();
  s.end_execution();
  return true;
}

// Every execution until the strategy stops (or `limit`).
std::vector<Outcome> run_all(Strategy& s, const Tree& tree, std::size_t limit = 10000) {
  std::vector<Outcome> runs;
  Outcome r;
  while (runs.size() < limit && run_one(s, tree, r)) runs.push_back(r);
  return runs;
}

std::vector<Path> paths(const std::vector<Outcome>& runs) {
  std::vector<Path> out;
  for (const Outcome& r : runs) out.push_back(r.path);
  return out;
}

// Two levels: threads {3, 7}, then threads {1, 4, 9}. Values differ from indices on purpose.
std::vector<std::uint32_t> two_by_three(const Path& chosen) {
  if (chosen.empty()) return {3, 7};
  if (chosen.size() == 1) return {1, 4, 9};
  return {};
}

const std::vector<Path> kTwoByThree = {{3, 1}, {3, 4}, {3, 9}, {7, 1}, {7, 4}, {7, 9}};

// ---- dfs ----

TEST(Dfs, TwoLevelsOfTwoAndThreeGiveSixExecutionsThenComplete) {
  auto dfs = make_dfs();
  EXPECT_EQ(dfs->name(), "dfs");
  EXPECT_FALSE(dfs->complete());
  std::vector<Outcome> runs;
  Outcome r;
  while (run_one(*dfs, two_by_three, r)) {
    runs.push_back(r);
    if (runs.size() < 6) {
      EXPECT_FALSE(dfs->complete()) << "after execution " << runs.size();
    }
    ASSERT_LE(runs.size(), 6U);
  }
  EXPECT_EQ(paths(runs), kTwoByThree);
  EXPECT_TRUE(dfs->complete());
  EXPECT_FALSE(dfs->begin_execution()) << "a finished dfs runs nothing more";
  for (const Outcome& run : runs) {
    EXPECT_FALSE(run.diverged);
    EXPECT_EQ(run.trail.size(), 2U);
  }
}

TEST(Dfs, TrailRecordsIndexAndCount) {
  auto dfs = make_dfs();
  std::vector<Outcome> runs = run_all(*dfs, two_by_three);
  ASSERT_EQ(runs.size(), 6U);
  const Trail& last = runs.back().trail;
  EXPECT_EQ(last[0].value, 7U);
  EXPECT_EQ(last[0].index, 1U);
  EXPECT_EQ(last[0].count, 2U);
  EXPECT_EQ(last[1].value, 9U);
  EXPECT_EQ(last[1].index, 2U);
  EXPECT_EQ(last[1].count, 3U);
}

TEST(Dfs, ATestWithNoChoiceHasOneExecution) {
  auto dfs = make_dfs();
  Tree single = [](const Path& p) {
    return p.size() < 5 ? std::vector<std::uint32_t>{0} : std::vector<std::uint32_t>{};
  };
  std::vector<Outcome> runs = run_all(*dfs, single);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].path, (Path{0, 0, 0, 0, 0}));
  EXPECT_TRUE(runs[0].trail.empty());
  EXPECT_TRUE(dfs->complete());
}

// Branches of different depths: option 0 ends at once, option 1 offers three more, and its
// option 2 offers two more. Leaves: {0}, {1,0}, {1,1}, {1,2,0}, {1,2,1}.
TEST(Dfs, BranchesOfDifferentDepthsAreEachCoveredOnce) {
  Tree uneven = [](const Path& p) -> std::vector<std::uint32_t> {
    if (p.empty()) return {0, 1};
    if (p == Path{1}) return {0, 1, 2};
    if (p == Path{1, 2}) return {0, 1};
    return {};
  };
  auto dfs = make_dfs();
  std::vector<Outcome> runs = run_all(*dfs, uneven);
  EXPECT_EQ(paths(runs), (std::vector<Path>{{0}, {1, 0}, {1, 1}, {1, 2, 0}, {1, 2, 1}}));
  EXPECT_TRUE(dfs->complete());
}

// A deeper execution followed by a shorter one: the frames of the deeper one must not leak into
// the next. Option 0 first goes three levels deep; option 1 ends at once.
TEST(Dfs, AShorterExecutionAfterADeeperOneDropsTheExtraFrames) {
  Tree deep_first = [](const Path& p) -> std::vector<std::uint32_t> {
    if (p.empty()) return {0, 1};
    if (p[0] == 0 && p.size() < 3) return {0, 1};
    return {};
  };
  auto dfs = make_dfs();
  std::vector<Outcome> runs = run_all(*dfs, deep_first);
  EXPECT_EQ(paths(runs), (std::vector<Path>{{0, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 1, 1}, {1}}));
  EXPECT_TRUE(dfs->complete());
}

TEST(Dfs, CountsMultiplyOverLevels) {
  // Three levels of 2, 3 and 4 options: 24 distinct leaves.
  Tree t = [](const Path& p) -> std::vector<std::uint32_t> {
    static const std::vector<std::vector<std::uint32_t>> levels = {{0, 1}, {0, 1, 2}, {0, 1, 2, 3}};
    return p.size() < levels.size() ? levels[p.size()] : std::vector<std::uint32_t>{};
  };
  auto dfs = make_dfs();
  std::vector<Outcome> runs = run_all(*dfs, t);
  EXPECT_EQ(runs.size(), 24U);
  std::set<Path> distinct;
  for (const Outcome& r : runs) distinct.insert(r.path);
  EXPECT_EQ(distinct.size(), 24U);
  EXPECT_TRUE(dfs->complete());
}

// A forked worker died in execution 2 (path {3, 4}): a fresh dfs resumed after it runs the
// remaining leaves, from the next sibling on.
TEST(Dfs, ResumeAfterContinuesFromTheNextSibling) {
  auto first = make_dfs();
  std::vector<Outcome> before = run_all(*first, two_by_three, 2);
  ASSERT_EQ(before.size(), 2U);
  ASSERT_EQ(before[1].path, (Path{3, 4}));

  auto dfs = make_dfs();
  dfs->resume_after(before[1].trail, 2);
  EXPECT_FALSE(dfs->complete());
  std::vector<Outcome> after = run_all(*dfs, two_by_three);
  EXPECT_EQ(paths(after), (std::vector<Path>{{3, 9}, {7, 1}, {7, 4}, {7, 9}}));
  EXPECT_TRUE(dfs->complete());
}

TEST(Dfs, ResumeAfterTheLastSiblingMovesUpALevel) {
  auto dfs = make_dfs();
  Trail died{{3, 0, 2}, {9, 2, 3}};  // path {3, 9}: the last child of the first branch
  dfs->resume_after(died, 3);
  EXPECT_EQ(paths(run_all(*dfs, two_by_three)), (std::vector<Path>{{7, 1}, {7, 4}, {7, 9}}));
  EXPECT_TRUE(dfs->complete());
}

TEST(Dfs, ResumeAfterTheLastLeafIsComplete) {
  auto dfs = make_dfs();
  Trail died{{7, 1, 2}, {9, 2, 3}};
  dfs->resume_after(died, 6);
  EXPECT_TRUE(dfs->complete());
  EXPECT_FALSE(dfs->begin_execution());
}

TEST(Dfs, ResumeInTheMiddleOfARunContinuesThatRun) {
  auto dfs = make_dfs();
  std::vector<Outcome> first = run_all(*dfs, two_by_three, 1);
  ASSERT_EQ(first.size(), 1U);
  // The same strategy object, told that execution 4 ({7, 1}) was the last one to end.
  dfs->resume_after(Trail{{7, 1, 2}, {1, 0, 3}}, 4);
  EXPECT_EQ(paths(run_all(*dfs, two_by_three)), (std::vector<Path>{{7, 4}, {7, 9}}));
}

// A test that offers other options at the same point than before is not deterministic: dfs
// says so instead of exploring a tree that changes under it.
TEST(Dfs, DivergesWhenThePrefixOffersADifferentNumberOfOptions) {
  int execution = 0;
  Tree shifting = [&execution](const Path& p) -> std::vector<std::uint32_t> {
    if (p.empty()) return execution == 0 ? std::vector<std::uint32_t>{0, 1} : std::vector<std::uint32_t>{0, 1, 2};
    if (p.size() == 1) return {0, 1};
    return {};
  };
  auto dfs = make_dfs();
  Outcome r;
  ASSERT_TRUE(run_one(*dfs, shifting, r));
  EXPECT_FALSE(r.diverged);
  execution = 1;
  ASSERT_TRUE(run_one(*dfs, shifting, r));
  EXPECT_TRUE(r.diverged);
  std::string why = dfs->divergence();
  EXPECT_NE(why.find("not deterministic"), std::string::npos) << why;
  EXPECT_NE(why.find("2 options before and 3 now"), std::string::npos) << why;
}

// ---- replay ----

TEST(Replay, RunsExactlyTheTokensScheduleOnce) {
  auto replay = make_replay({7, 4});
  EXPECT_EQ(replay->name(), "replay");
  std::vector<Outcome> runs = run_all(*replay, two_by_three);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].path, (Path{7, 4}));
  EXPECT_FALSE(runs[0].diverged);
  EXPECT_EQ(runs[0].end_check, "");
  EXPECT_FALSE(replay->complete());
}

TEST(Replay, ReproducesEveryDfsExecution) {
  auto dfs = make_dfs();
  for (const Outcome& original : run_all(*dfs, two_by_three)) {
    std::vector<std::uint32_t> values;
    for (const Choice& c : original.trail) values.push_back(c.value);
    auto replay = make_replay(values);
    std::vector<Outcome> again = run_all(*replay, two_by_three);
    ASSERT_EQ(again.size(), 1U);
    EXPECT_EQ(again[0].path, original.path);
  }
}

TEST(Replay, DivergesWhenTheTokensThreadIsNotOffered) {
  auto replay = make_replay({7, 5});
  Outcome r;
  ASSERT_TRUE(run_one(*replay, two_by_three, r));
  EXPECT_TRUE(r.diverged);
  EXPECT_EQ(r.path, (Path{7})) << "the first choice matched";
  std::string why = replay->divergence();
  EXPECT_NE(why.find("replay diverged at choice 2"), std::string::npos) << why;
  EXPECT_NE(why.find("runs thread 5"), std::string::npos) << why;
  EXPECT_NE(why.find("1, 4, 9"), std::string::npos) << "names the threads that could run: " << why;
}

TEST(Replay, DivergesWhenTheRunOutlivesTheToken) {
  auto replay = make_replay({3});
  Outcome r;
  ASSERT_TRUE(run_one(*replay, two_by_three, r));
  EXPECT_TRUE(r.diverged);
  std::string why = replay->divergence();
  EXPECT_NE(why.find("token ends after 1 choice,"), std::string::npos) << why;
}

TEST(Replay, EndCheckReportsUnusedChoices) {
  auto replay = make_replay({3, 1, 4});
  Outcome r;
  ASSERT_TRUE(run_one(*replay, two_by_three, r));
  EXPECT_FALSE(r.diverged);
  EXPECT_EQ(r.path, (Path{3, 1}));
  EXPECT_NE(r.end_check.find("ended after 2 of the token's 3 choices"), std::string::npos) << r.end_check;
}

TEST(Replay, AnEmptyTokenReplaysATestWithNoChoices) {
  auto replay = make_replay({});
  Tree none = [](const Path& p) { return p.empty() ? std::vector<std::uint32_t>{2} : std::vector<std::uint32_t>{}; };
  std::vector<Outcome> runs = run_all(*replay, none);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_FALSE(runs[0].diverged);
  EXPECT_EQ(runs[0].end_check, "");
}

TEST(Replay, ResumedReplayRunsNothingMore) {
  auto replay = make_replay({3, 1});
  replay->resume_after(Trail{{3, 0, 2}}, 1);
  EXPECT_FALSE(replay->begin_execution());
}

// ---- random ----

// A deep tree with several options at each level, so that seeds are easy to tell apart.
std::vector<std::uint32_t> wide(const Path& p) {
  if (p.size() >= 12) return {};
  return {0, 1, 2, 3, 4};
}

TEST(Random, TheSameSeedGivesTheSamePicks) {
  auto a = make_random(42, 50);
  auto b = make_random(42, 50);
  std::vector<Path> pa = paths(run_all(*a, wide));
  std::vector<Path> pb = paths(run_all(*b, wide));
  ASSERT_EQ(pa.size(), 50U);
  EXPECT_EQ(pa, pb);
}

TEST(Random, DifferentSeedsGiveDifferentPicks) {
  auto a = make_random(1, 20);
  auto b = make_random(2, 20);
  EXPECT_NE(paths(run_all(*a, wide)), paths(run_all(*b, wide)));
}

TEST(Random, ExecutionsOfOneRunDiffer) {
  auto r = make_random(7, 30);
  std::set<Path> distinct;
  for (const Path& p : paths(run_all(*r, wide))) distinct.insert(p);
  EXPECT_GT(distinct.size(), 25U) << "5^12 leaves: 30 draws should almost never repeat";
}

TEST(Random, PicksEveryOptionSometimes) {
  auto r = make_random(3, 200);
  std::set<std::uint32_t> seen;
  for (const Path& p : paths(run_all(*r, wide))) seen.insert(p.begin(), p.end());
  EXPECT_EQ(seen, (std::set<std::uint32_t>{0, 1, 2, 3, 4}));
}

TEST(Random, StopsAfterItsExecutionsAndIsNeverComplete) {
  auto r = make_random(0, 7);
  EXPECT_EQ(r->name(), "random");
  EXPECT_EQ(run_all(*r, two_by_three).size(), 7U);
  EXPECT_FALSE(r->complete()) << "random cannot know that it covered everything";
  EXPECT_FALSE(r->begin_execution());
}

// Execution i draws from (seed, i): a run resumed after execution k continues the sequence.
TEST(Random, ResumeAfterContinuesTheSameSequence) {
  auto whole = make_random(99, 10);
  std::vector<Path> all = paths(run_all(*whole, wide));
  ASSERT_EQ(all.size(), 10U);
  auto resumed = make_random(99, 10);
  resumed->resume_after(Trail{}, 4);
  std::vector<Path> rest = paths(run_all(*resumed, wide));
  EXPECT_EQ(rest, std::vector<Path>(all.begin() + 4, all.end()));
}

// ---- make_strategy ----

TEST(MakeStrategy, FollowsTheOptions) {
  Options o;
  EXPECT_EQ(make_strategy(o)->name(), "dpor");
  o.strategy = StrategyKind::dfs;
  EXPECT_EQ(make_strategy(o)->name(), "dfs");
  o.strategy = StrategyKind::random;
  o.max_executions = 3;
  auto r = make_strategy(o);
  EXPECT_EQ(r->name(), "random");
  EXPECT_EQ(run_all(*r, two_by_three).size(), 3U);
}

TEST(MakeStrategy, RandomWithNoLimitRunsTheDefaultNumber) {
  Options o;
  o.strategy = StrategyKind::random;
  auto r = make_strategy(o);
  EXPECT_EQ(run_all(*r, two_by_three, 5000).size(), kDefaultRandomExecutions);
}

TEST(MakeStrategy, SeedSelectsTheSequence) {
  Options o;
  o.strategy = StrategyKind::random;
  o.max_executions = 20;
  o.seed = 5;
  auto a = make_strategy(o);
  auto b = make_random(5, 20);
  EXPECT_EQ(paths(run_all(*a, wide)), paths(run_all(*b, wide)));
}

}  // namespace
}  // namespace braid::strategy
