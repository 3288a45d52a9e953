// expect: data_race
// A std::atomic<bool> flag publishes a std::string, but with memory_order_relaxed on both sides:
// the flag is seen without the string's write being ordered before the read.
#include <atomic>
#include <cassert>
#include <string>
#include <thread>

namespace {
std::string greeting;
std::atomic<bool> ready{false};
}  // namespace

int main() {
  std::thread writer([] {
    greeting = "hello";
    ready.store(true, std::memory_order_relaxed);
  });
  while (!ready.load(std::memory_order_relaxed)) std::this_thread::yield();
  assert(greeting == "hello");
  writer.join();
  return 0;
}
