// A method takes the object's lock, then calls a helper that takes the same lock again. With a
// plain mutex the thread waits for itself forever (self_deadlock); a recursive_mutex allows it.
#include <braid/braid.hpp>
#include <mutex>

namespace {

template <class Mutex>
class Inventory {
 public:
  void add(int n) {
    std::lock_guard<Mutex> guard(lock_);
    count_ = count_ + n;
    check();  // re-enters the lock
  }
  int count() {
    std::lock_guard<Mutex> guard(lock_);
    return count_;
  }

 private:
  void check() {
    std::lock_guard<Mutex> guard(lock_);
    BRAID_ASSERT(count_ >= 0);
  }

  Mutex lock_{"inventory_lock"};
  braid::var<int> count_{0, "count"};
};

template <class Mutex>
void two_clerks() {
  Inventory<Mutex> inventory;
  braid::thread a([&] { inventory.add(2); });
  braid::thread b([&] { inventory.add(3); });
  a.join();
  b.join();
  BRAID_ASSERT(inventory.count() == 5);
}

}  // namespace

BRAID_TEST(relock, mutex) { two_clerks<braid::mutex>(); }

BRAID_TEST(relock, recursive) { two_clerks<braid::recursive_mutex>(); }
