// expect: pass
// cpp_publish.cpp fixed: the flag is stored with memory_order_release and loaded with
// memory_order_acquire, so the string's write happens before its read.
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
    ready.store(true, std::memory_order_release);
  });
  while (!ready.load(std::memory_order_acquire)) std::this_thread::yield();
  assert(greeting == "hello");
  writer.join();
  return 0;
}
