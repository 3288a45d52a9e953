// expect: data_race
// A std::atomic<bool> flag publishes a message, but with memory_order_relaxed on both sides: the
// flag is seen without the message's write being ordered before the read.
#include <atomic>
#include <cassert>
#include <thread>

namespace {
struct Message {
  int id;
  int length;
};
Message message;
std::atomic<bool> ready{false};
}  // namespace

int main() {
  std::thread writer([] {
    message = Message{42, 5};
    ready.store(true, std::memory_order_relaxed);
  });
  while (!ready.load(std::memory_order_relaxed)) std::this_thread::yield();
  assert(message.id == 42 && message.length == 5);
  writer.join();
  return 0;
}
