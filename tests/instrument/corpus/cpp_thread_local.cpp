// expect: data_race
// Per-thread statistics meant to be thread_local, declared as a plain global instead: both
// threads count into the one object.
#include <array>
#include <cassert>
#include <mutex>
#include <thread>

namespace {
std::mutex total_lock;
int total = 0;

struct Stats {
  std::array<int, 4> samples{};
  int count = 0;
  ~Stats() {
    std::lock_guard<std::mutex> guard(total_lock);
    total += count;
  }
};

Stats stats;

void work(int n) {
  for (int i = 0; i < n; ++i) {
    stats.samples[i] = i;
    ++stats.count;
    std::this_thread::yield();
  }
}
}  // namespace

int main() {
  std::thread a(work, 1);
  std::thread b(work, 2);
  a.join();
  b.join();
  return stats.count == 3 ? 0 : 1;
}
