// expect: pass
// cpp_queue_wait.cpp fixed: each consumer waits with a predicate (a loop that absorbs spurious
// wake-ups and items taken by the other consumer).
#include <cassert>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace {
std::mutex lock;
std::condition_variable not_empty;
std::deque<int> items;
int taken = 0;

void consume() {
  std::unique_lock<std::mutex> hold(lock);
  not_empty.wait(hold, [] { return !items.empty(); });
  items.pop_front();
  ++taken;
}
}  // namespace

int main() {
  std::thread c1(consume);
  std::thread c2(consume);
  for (int i = 0; i < 2; ++i) {
    std::lock_guard<std::mutex> hold(lock);
    items.push_back(i);
    not_empty.notify_one();
  }
  c1.join();
  c2.join();
  assert(taken == 2);
  return 0;
}
