// expect: pass
// cpp_publish.cpp fixed: the flag is stored with memory_order_release and loaded with
// memory_order_acquire, so the message's write happens before its read.
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
    ready.store(true, std::memory_order_release);
  });
  while (!ready.load(std::memory_order_acquire)) std::this_thread::yield();
  assert(message.id == 42 && message.length == 5);
  writer.join();
  return 0;
}
