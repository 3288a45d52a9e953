// expect: pass
// cpp_thread_local.cpp fixed: the statistics are thread_local. Each thread counts into its own
// copy, constructed on its first use, and the copy's destructor, run as the thread ends, adds the
// count to a total under a mutex. An initialised thread_local (depth) starts at its initial value
// in every thread.
#include <array>
#include <cassert>
#include <mutex>
#include <thread>

namespace {
std::mutex total_lock;
int total = 0;
int flushed = 0;

struct Stats {
  std::array<int, 4> samples{};
  int count = 0;
  ~Stats() {
    std::lock_guard<std::mutex> guard(total_lock);
    total += count;
    ++flushed;
  }
};

thread_local Stats stats;
thread_local int depth = 7;

void work(int n) {
  assert(depth == 7);
  for (int i = 0; i < n; ++i) {
    stats.samples[i] = i;
    ++stats.count;
    ++depth;
    std::this_thread::yield();
  }
  assert(stats.count == n && depth == 7 + n);
}
}  // namespace

int main() {
  std::thread a(work, 1);
  std::thread b(work, 2);
  a.join();
  b.join();
  std::lock_guard<std::mutex> guard(total_lock);
  assert(total == 3 && flushed == 2);
  assert(depth == 7);
  return 0;
}
