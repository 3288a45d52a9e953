// expect: pass
// cpp_counter.cpp fixed: the addition runs under std::mutex with std::lock_guard.
#include <cassert>
#include <mutex>
#include <thread>

namespace {
std::mutex total_lock;
int total = 0;
void add(int n) {
  std::lock_guard<std::mutex> hold(total_lock);
  total += n;
}
}  // namespace

int main() {
  std::thread a(add, 3);
  std::thread b(add, 4);
  a.join();
  b.join();
  assert(total == 7);
  return 0;
}
