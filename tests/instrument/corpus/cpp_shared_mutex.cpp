// expect: pass
// std::shared_mutex: two readers under std::shared_lock and a writer under std::unique_lock;
// a std::atomic<int> counts the reads; readers always see a consistent pair.
#include <atomic>
#include <cassert>
#include <mutex>
#include <shared_mutex>
#include <thread>

namespace {
std::shared_mutex table_lock;
int low = 0;
int high = 0;
std::atomic<int> reads{0};

void read_pair() {
  std::shared_lock<std::shared_mutex> hold(table_lock);
  assert(high - low == 0 || high - low == 10);
  reads.fetch_add(1, std::memory_order_relaxed);
}

void write_pair() {
  std::unique_lock<std::shared_mutex> hold(table_lock);
  low = 5;
  high = 15;
}
}  // namespace

int main() {
  std::thread r1(read_pair);
  std::thread r2(read_pair);
  std::thread w(write_pair);
  r1.join();
  r2.join();
  w.join();
  assert(reads.load() == 2 && high == 15);
  return 0;
}
