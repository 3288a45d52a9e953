// A coroutine pipeline: a producer sends jobs into a bounded channel, two consumer coroutines
// take them out and add up the results. The producer closes the channel when it is done, which
// ends the consumers' loops. The buggy producer forgets to close it: its consumers then await a
// job that never comes, and the test waits for them forever (a deadlock Braid names).
#include <braid/braid.hpp>
#include <optional>

namespace {

braid::task<void> produce(braid::channel<int>& jobs, int n, bool close_when_done) {
  for (int i = 1; i <= n; ++i) co_await jobs.send(i);
  if (close_when_done) jobs.close();
}

braid::task<void> consume(braid::channel<int>& jobs, braid::var<int>& total) {
  while (std::optional<int> job = co_await jobs.receive()) {
    total = total + *job;
  }
}

braid::task<void> pipeline(bool close_when_done) {
  braid::channel<int> jobs(1, "jobs");
  braid::var<int> total{0, "total"};
  auto producer = braid::spawn(produce(jobs, 3, close_when_done));
  auto first = braid::spawn(consume(jobs, total));
  auto second = braid::spawn(consume(jobs, total));
  co_await braid::join_all(producer, first, second);
  BRAID_ASSERT(total == 1 + 2 + 3);
}

}  // namespace

BRAID_TEST(coro_channel, unclosed) { braid::block_on(pipeline(false)); }

BRAID_TEST(coro_channel, pipeline) { braid::block_on(pipeline(true)); }
