// Coroutines under the checker: task, spawn/join_all, yield, channel, async_mutex, coroutines on
// several threads, deadlocks of coroutines, misuse, and non-reentrancy across suspension.
#include <optional>
#include <vector>

#include "test_execution_support.hpp"

namespace braid::test {
namespace {

constexpr const char* kFile = "test_coroutines.cpp";

Options with(StrategyKind k) {
  Options o = in_process();
  o.strategy = k;
  return o;
}

task<int> twice(int x) {
  co_await braid::yield();
  co_return 2 * x;
}

task<int> sum_of_twice() {
  int a = co_await twice(1);
  auto h = spawn(twice(10));
  int b = co_await h;
  co_return a + b;
}

TEST(Coroutines, TasksReturnValuesThroughCoAwaitAndSpawn) {
  int got = 0;
  Result r = explore([&] { got = block_on(sum_of_twice()); }, with(StrategyKind::dfs), "coro.values");
  expect_clean(r);
  EXPECT_EQ(got, 22);
}

TEST(Coroutines, JoinAllWaitsForAVectorOfSpawnedTasks) {
  int got = 0;
  Result r = explore(
      [&] {
        got = block_on([]() -> task<int> {
          std::vector<join_handle<int>> hs;
          for (int i = 1; i <= 3; ++i) hs.push_back(spawn(twice(i)));
          co_await join_all(hs);
          int sum = 0;
          for (join_handle<int>& h : hs) {
            BRAID_ASSERT(h.done());
            sum += co_await h;
          }
          co_return sum;
        }());
      },
      with(StrategyKind::dpor), "coro.join_all");
  expect_clean(r);
  EXPECT_EQ(got, 12);
}

task<void> thrower() {
  co_await braid::yield();
  throw std::runtime_error("boom");
}

TEST(Coroutines, ExceptionsPropagateToTheAwaiter) {
  bool caught = false;
  Result r = explore(
      [&] {
        caught = block_on([]() -> task<bool> {
          try {
            co_await thrower();
          } catch (const std::runtime_error&) {
            co_return true;
          }
          co_return false;
        }());
      },
      with(StrategyKind::dfs), "coro.exception");
  expect_clean(r);
  EXPECT_TRUE(caught);
}

task<void> produce(channel<int>& ch, int n) {
  for (int i = 1; i <= n; ++i) co_await ch.send(i);
  ch.close();
}

task<int> consume(channel<int>& ch) {
  int sum = 0;
  int last = 0;
  while (std::optional<int> v = co_await ch.receive()) {
    BRAID_ASSERT(*v == last + 1);  // a channel keeps its order
    last = *v;
    sum += *v;
  }
  co_return sum;
}

TEST(Coroutines, ChannelsDeliverInOrderAndCloseEndsTheReceiver) {
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    for (std::size_t capacity : {0U, 1U}) {
      Result r = explore(
          [&] {
            channel<int> unbounded("jobs");
            channel<int> bounded(1, "jobs");
            channel<int>& ch = capacity == 0 ? unbounded : bounded;
            int sum = block_on([](channel<int>& c) -> task<int> {
              auto p = spawn(produce(c, 3));
              int s = co_await consume(c);
              co_await p;
              co_return s;
            }(ch));
            BRAID_ASSERT(sum == 6);
          },
          with(k), "coro.channel");
      expect_clean(r);
    }
  }
}

// The consumer waits for a value no coroutine will ever send.
void receive_forever() {
  block_on([]() -> task<void> {
    channel<int> ch("jobs");
    auto c = spawn(consume(ch));
    co_await c;
  }());
}

TEST(Coroutines, ACoroutineAwaitingForeverIsADeadlockNamingWhatItAwaits) {
  Bug b = find_and_replay(receive_forever, "coro.forever", BugKind::deadlock);
  EXPECT_TRUE(mentions(b.message, "channel 'jobs' receive")) << b.message;
  EXPECT_TRUE(mentions(b.message, "consume")) << b.message;
  EXPECT_TRUE(mentions(b.message, "spawned task")) << b.message;
}

// Two coroutines on two threads: a value and the var written before it travel through the
// channel, which orders the write before the read (no race).
TEST(Coroutines, CoroutinesOnTwoThreadsMeetThroughAChannel) {
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    Result r = explore(
        [] {
          channel<int> ch(1, "handoff");
          var<int> payload(0, "payload");
          thread sender([&] {
            block_on([](channel<int>& c, var<int>& p) -> task<void> {
              p = 42;
              co_await c.send(1);
            }(ch, payload));
          });
          block_on([](channel<int>& c, var<int>& p) -> task<void> {
            std::optional<int> v = co_await c.receive();
            BRAID_ASSERT(v && *v == 1);
            BRAID_ASSERT(p == 42);
          }(ch, payload));
          sender.join();
        },
        with(k), "coro.threads");
    expect_clean(r);
  }
}

// Held across the await: the section stays exclusive.
task<void> guarded(async_mutex& m, var<int>& inside) {
  auto g = co_await m.scoped_lock();
  inside = inside + 1;
  co_await braid::yield();
  BRAID_ASSERT(inside == 1);
  inside = inside - 1;
}

TEST(Coroutines, AnAsyncMutexHeldAcrossAnAwaitKeepsItsSectionExclusive) {
  Result r = explore(
      [] {
        async_mutex m("m");
        var<int> inside(0, "inside");
        block_on([](async_mutex& mu, var<int>& in) -> task<void> {
          auto a = spawn(guarded(mu, in));
          auto b = spawn(guarded(mu, in));
          co_await join_all(a, b);
        }(m, inside));
      },
      with(StrategyKind::dfs), "coro.async_mutex");
  expect_clean(r);
}

TEST(Coroutines, UnlockingAnAsyncMutexNobodyHoldsIsMisuse) {
  Bug b = find_and_replay(
      [] {
        async_mutex m("m");
        block_on([](async_mutex& mu) -> task<void> {
          mu.unlock();
          co_return;
        }(m));
      },
      "coro.unlock", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "nobody holds it")) << b.message;
}

TEST(Coroutines, TakingASpawnedValueTwiceIsMisuse) {
  Bug b = find_and_replay(
      [] {
        block_on([]() -> task<void> {
          auto h = spawn(twice(1));
          co_await h;
          co_await h;
        }());
      },
      "coro.twice", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "taken twice")) << b.message;
}

// A cache refreshed across a co_await. The buggy version decides on a read made before it
// suspended; the fixed one reads the state again after the await.
struct cache {
  var<int> version{0, "cache.version"};
};

task<void> refresh(cache& c, bool recheck) {
  int seen = c.version;       // read
  co_await braid::yield();    // suspend (a fetch, say)
  if (recheck && c.version != seen) co_return;  // someone else refreshed it meanwhile
  c.version = seen + 1;       // write from the (possibly stale) read
}

void two_refreshes(bool recheck) {
  cache c;
  block_on([](cache& cc, bool rc) -> task<void> {
    auto a = spawn(refresh(cc, rc));
    auto b = spawn(refresh(cc, rc));
    co_await join_all(a, b);
  }(c, recheck));
}

TEST(Coroutines, AStaleReadAcrossASuspensionIsNonreentrant) {
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    Bug b = find_and_replay([] { two_refreshes(false); }, "coro.stale", BugKind::nonreentrant, with(k));
    EXPECT_TRUE(mentions(b.message, "refresh")) << b.message;
    EXPECT_TRUE(mentions(b.message, "cache.version")) << b.message;
    EXPECT_TRUE(mentions(b.message, "activation 1") && mentions(b.message, "activation 2")) << b.message;
    EXPECT_EQ(lines_in(b, kFile).size(), 3U) << "the read, the suspension and the write";
  }
}

TEST(Coroutines, ReadingTheStateAgainAfterTheAwaitIsReentrant) {
  for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) {
    expect_clean(explore([] { two_refreshes(true); }, with(k), "coro.recheck"));
  }
}

}  // namespace
}  // namespace braid::test
