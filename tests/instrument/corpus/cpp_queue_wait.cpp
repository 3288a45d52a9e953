// expect: assertion_failure
// Two consumers of a std::condition_variable queue wait with `if` instead of a predicate: after
// a spurious wake-up, or when the other consumer took the item, a consumer pops an empty queue.
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
  if (items.empty()) not_empty.wait(hold);
  assert(!items.empty());
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
  return taken == 2 ? 0 : 1;
}
