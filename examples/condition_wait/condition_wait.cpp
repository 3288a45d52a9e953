// A worker waits for a "ready" flag set by another thread. Waiting with `if (!ready) wait` instead
// of a predicate loop breaks on a spurious wake-up (which POSIX and C++ allow): the worker goes on
// while the flag is still false. The checker explores spurious wake-ups, so it finds this.
#include <braid/braid.hpp>
#include <mutex>

namespace {

struct Signal {
  braid::mutex m{"m"};
  braid::condition_variable cv{"cv"};
  braid::var<bool> ready{false, "ready"};

  void set() {
    {
      std::lock_guard<braid::mutex> guard(m);
      ready = true;
    }
    cv.notify_one();
  }
};

}  // namespace

BRAID_TEST(condition_wait, no_predicate) {
  Signal s;
  braid::thread worker([&] {
    std::unique_lock<braid::mutex> lock(s.m);
    if (!s.ready) s.cv.wait(lock);  // wrong: one wake-up does not mean the flag is set
    BRAID_ASSERT(s.ready);
  });
  braid::thread setter([&] { s.set(); });
  worker.join();
  setter.join();
}

BRAID_TEST(condition_wait, predicate) {
  Signal s;
  braid::thread worker([&] {
    std::unique_lock<braid::mutex> lock(s.m);
    s.cv.wait(lock, [&] { return static_cast<bool>(s.ready); });
    BRAID_ASSERT(s.ready);
  });
  braid::thread setter([&] { s.set(); });
  worker.join();
  setter.join();
}
