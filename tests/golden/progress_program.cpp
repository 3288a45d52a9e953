// A program for the progress and coverage golden tests (run_golden.py): one test whose tree of
// interleavings is far too large to finish, so that runs end on --max-executions or --time-limit
// and the progress line has time to show. Built as golden_progress, linked with Braid's main.
#include <braid/braid.hpp>

BRAID_TEST(progress, wide) {
  braid::mutex m{"m"};
  braid::var<int> total{0, "total"};
  auto work = [&] {
    for (int i = 0; i < 6; ++i) {
      std::lock_guard<braid::mutex> g(m);
      total = total + 1;
    }
  };
  braid::thread a(work);
  braid::thread b(work);
  braid::thread c(work);
  a.join();
  b.join();
  c.join();
  BRAID_ASSERT(total == 18);
}
