// expect: lock_order_inversion
// also: deadlock (pct, random)
// Two std::mutex guarded by std::lock_guard, taken in opposite orders by two std::threads. The
// first execution (one thread after the other) does not deadlock; the order graph has a cycle.
#include <cassert>
#include <mutex>
#include <thread>

namespace {
std::mutex index_lock;
std::mutex data_lock;
int entries = 0;

void insert() {
  std::lock_guard<std::mutex> i(index_lock);
  std::lock_guard<std::mutex> d(data_lock);
  ++entries;
}

void compact() {
  std::lock_guard<std::mutex> d(data_lock);
  std::lock_guard<std::mutex> i(index_lock);
  --entries;
}
}  // namespace

int main() {
  std::thread a(insert);
  std::thread b(compact);
  a.join();
  b.join();
  assert(entries == 0);
  return 0;
}
