// A program for the checkpoint golden tests (run_golden.py): tests with a few hundred thousand
// executions, long enough to be stopped by SIGTERM halfway and resumed, short enough to finish.
// Each has two assertion failures (thread 1 ends first, thread 3 ends first), found again and
// again under --keep-going and reported once each: a resumed run must not report them twice.
// Built as golden_checkpoint, linked with Braid's main.
#include <braid/braid.hpp>

namespace {

// Three threads, each `rounds` locked increments (the last thread `extra` more), then a race to
// end first.
void three_threads(int rounds, int extra) {
  braid::mutex m{"m"};
  braid::var<int> total{0, "total"};
  braid::atomic<int> first{0};
  auto work = [&](int id) {
    for (int i = 0; i < rounds + (id == 3 ? extra : 0); ++i) {
      std::lock_guard<braid::mutex> g(m);
      total = total + 1;
    }
    int none = 0;
    first.compare_exchange_strong(none, id);
  };
  braid::thread a(work, 1);
  braid::thread b(work, 2);
  braid::thread c(work, 3);
  a.join();
  b.join();
  c.join();
  BRAID_ASSERT(total == 3 * rounds + extra);
  BRAID_ASSERT(first.load() != 1);
  BRAID_ASSERT(first.load() != 3);
}

}  // namespace

// dfs: 800,561 executions (about 3 s); dpor: 207,900 (about 3 s).
BRAID_TEST(checkpoint, dfs) { three_threads(1, 2); }
BRAID_TEST(checkpoint, dpor) { three_threads(4, 0); }

// A data race on a var: its sites are return addresses, which differ from one process to the
// next. A resumed run must still know the race it reported before.
BRAID_TEST(checkpoint, race) {
  braid::var<int> x{0, "x"};
  braid::thread a([&] { x = x + 1; });
  braid::thread b([&] { x = x + 1; });
  a.join();
  b.join();
}
