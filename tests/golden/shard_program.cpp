// Programs for the sharding golden tests (run_golden.py, ShardCase): a test with more than
// 10,000 executions under dpor, one with bugs of two kinds, one that passes. Built as
// golden_shard, linked with Braid's main.
#include <braid/braid.hpp>

#include <deque>
#include <string>
#include <vector>

namespace {

// lastzero(N) (Abdulla et al., POPL 2014), as in tests/bench/dpor_workloads.cpp: writers j = 1..N
// do array[j] = array[j-1] + 1 while a reader scans down from array[N] for a zero.
void lastzero(int writers) {
  std::vector<std::string> names;
  for (int i = 0; i <= writers; ++i) names.push_back("array" + std::to_string(i));
  std::deque<braid::atomic<int>> array;
  for (int i = 0; i <= writers; ++i) array.emplace_back(0, names[static_cast<std::size_t>(i)].c_str());
  std::vector<braid::thread> ts;
  ts.emplace_back([&array, writers] {
    int i = writers;
    for (; array[static_cast<std::size_t>(i)].load() != 0; --i) {
    }
    BRAID_ASSERT(i >= 0);
  });
  for (int j = 1; j <= writers; ++j) {
    ts.emplace_back(
        [&array, j] { array[static_cast<std::size_t>(j)].store(array[static_cast<std::size_t>(j - 1)].load() + 1); });
  }
  for (braid::thread& t : ts) t.join();
}

}  // namespace

// dpor: 15,360 executions (the optimal count of lastzero(12)); far too many for dfs.
BRAID_TEST(shard, lastzero12) { lastzero(12); }

// Two kinds of bug, each at its own lines: a data race on `hits` and a lost update that fails the
// assertion. --keep-going collects both. 25,424 executions under dfs, 216 under dpor.
BRAID_TEST(shard, racy) {
  braid::var<int> hits{0, "hits"};
  braid::atomic<int> done{0, "done"};
  auto work = [&] {
    hits = hits + 1;
    done.fetch_add(1);
  };
  braid::thread a(work);
  braid::thread b(work);
  braid::thread c(work);
  a.join();
  b.join();
  c.join();
  BRAID_ASSERT(hits == 3);
}
