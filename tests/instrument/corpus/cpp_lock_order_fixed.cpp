// expect: pass
// cpp_lock_order.cpp fixed: both functions take the pair with std::scoped_lock, which acquires
// several mutexes without deadlock whatever order they are named in.
#include <cassert>
#include <mutex>
#include <thread>

namespace {
std::mutex index_lock;
std::mutex data_lock;
int entries = 0;

void insert() {
  std::scoped_lock both(index_lock, data_lock);
  ++entries;
}

void compact() {
  std::scoped_lock both(data_lock, index_lock);
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
