// A one-slot handoff on std::condition_variable: the consumer waits in a loop on its predicate
// (passes); with "if" instead of "while" (argument "if") a spurious wake-up makes it read an
// empty slot and the assertion fails.
#include <cassert>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

int main(int argc, char** argv) {
  const bool use_if = argc > 1 && std::strcmp(argv[1], "if") == 0;
  std::mutex m;
  std::condition_variable cv;
  bool ready = false;
  int slot = 0;
  std::thread producer([&] {
    std::lock_guard<std::mutex> g(m);
    slot = 7;
    ready = true;
    cv.notify_one();
  });
  {
    std::unique_lock<std::mutex> lk(m);
    if (use_if) {
      if (!ready) cv.wait(lk);
    } else {
      while (!ready) cv.wait(lk);
    }
    assert(slot == 7);
  }
  producer.join();
  return 0;
}
