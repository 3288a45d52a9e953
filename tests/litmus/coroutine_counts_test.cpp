// Exact execution counts of coroutines on one thread: the executor's choice of which ready
// coroutine resumes next is the only choice, so every strategy that explores it exhaustively
// (dfs, and dpor, which explores such data choices at every node) runs each distinct order of the
// coroutines' segments exactly once.
#include <gtest/gtest.h>

#include <braid/braid.hpp>
#include <set>
#include <string>

namespace braid {
namespace {

Options exhaustive(StrategyKind k) {
  Options o;
  o.isolate = false;
  o.strategy = k;
  return o;
}

// Coroutine `name` runs yields + 1 segments (cut by its co_awaits), logging each segment.
task<void> worker(char name, int yields, std::string& log) {
  log += name;
  for (int i = 0; i < yields; ++i) {
    co_await braid::yield();
    log += name;
  }
}

task<void> two_workers(int yields, std::string& log) {
  auto a = spawn(worker('a', yields, log));
  auto b = spawn(worker('b', yields, log));
  co_await join_all(a, b);
}

// 2 coroutines x 2 yields on one thread. Each coroutine is 3 segments (before its first yield,
// between the yields, after the second); a schedule is an interleaving of a's 3 segments with
// b's 3 that keeps each coroutine's order, so there are C(6, 3) = 20 of them. The root coroutine
// adds no choice: it spawns both (spawning suspends nothing) and then waits in join_all, which
// becomes ready only when both have finished — alone. So: 20 executions, 20 distinct logs.
TEST(CoroutineCounts, TwoCoroutinesTwoYieldsOnOneThread) {
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    std::set<std::string> logs;
    Result r = explore(
        [&] {
          std::string log;
          block_on(two_workers(2, log));
          BRAID_ASSERT(log.size() == 6);
          logs.insert(log);
        },
        exhaustive(k), "coro.2x2");
    EXPECT_EQ(r.verdict, Verdict::pass) << to_string(k);
    EXPECT_TRUE(r.complete);
    EXPECT_EQ(r.executions, 20U) << to_string(k);
    EXPECT_EQ(logs.size(), 20U) << to_string(k);
    EXPECT_TRUE(logs.count("aaabbb") == 1 && logs.count("ababab") == 1 && logs.count("bbbaaa") == 1);
  }
}

// The same with 3 coroutines x 1 yield: 6 segments, 2 per coroutine: 6! / (2! 2! 2!) = 90.
TEST(CoroutineCounts, ThreeCoroutinesOneYieldEach) {
  std::set<std::string> logs;
  Result r = explore(
      [&] {
        std::string log;
        block_on([](std::string& out) -> task<void> {
          auto a = spawn(worker('a', 1, out));
          auto b = spawn(worker('b', 1, out));
          auto c = spawn(worker('c', 1, out));
          co_await join_all(a, b, c);
        }(log));
        logs.insert(log);
      },
      exhaustive(StrategyKind::dfs), "coro.3x1");
  EXPECT_EQ(r.verdict, Verdict::pass);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.executions, 90U);
  EXPECT_EQ(logs.size(), 90U);
}

}  // namespace
}  // namespace braid
