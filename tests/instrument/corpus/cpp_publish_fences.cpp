// expect: pass
// cpp_publish.cpp fixed with fences instead: the flag's accesses stay relaxed, but a release fence
// before its store and an acquire fence after its load order the message's write before its read.
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
    std::atomic_thread_fence(std::memory_order_release);
    ready.store(true, std::memory_order_relaxed);
  });
  while (!ready.load(std::memory_order_relaxed)) std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
  assert(message.id == 42 && message.length == 5);
  writer.join();
  return 0;
}
