// A work queue guarded by a mutex and a condition variable. The racy consumers first ask "is
// there an item?" and then, in a second critical section, block until they can pop one. With one
// item produced, both can see it, both go on to pop, and the loser waits forever: deadlock. The
// fixed consumers check and pop in one critical section.
#include <braid/braid.hpp>
#include <deque>
#include <mutex>

namespace {

class WorkQueue {
 public:
  void push(int item) {
    {
      std::lock_guard<braid::mutex> guard(m_);
      items_.push_back(item);
    }
    not_empty_.notify_one();
  }
  bool has_item() {
    std::lock_guard<braid::mutex> guard(m_);
    return !items_.empty();
  }
  // Blocks until an item is there.
  int pop() {
    std::unique_lock<braid::mutex> lock(m_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    int item = items_.front();
    items_.pop_front();
    return item;
  }
  // Checks and pops in one step.
  bool try_pop(int& item) {
    std::lock_guard<braid::mutex> guard(m_);
    if (items_.empty()) return false;
    item = items_.front();
    items_.pop_front();
    return true;
  }

 private:
  braid::mutex m_{"queue_mutex"};
  braid::condition_variable not_empty_{"not_empty"};
  std::deque<int> items_;  // guarded by m_
};

template <class Consumer>
void one_item_two_consumers(Consumer consume) {
  WorkQueue queue;
  braid::var<int> taken{0, "taken"};
  braid::mutex taken_mutex{"taken_mutex"};
  auto consumer = [&] {
    if (consume(queue)) {
      std::lock_guard<braid::mutex> guard(taken_mutex);
      taken = taken + 1;
    }
  };
  braid::thread producer([&] { queue.push(42); });
  braid::thread first(consumer);
  braid::thread second(consumer);
  producer.join();
  first.join();
  second.join();
  BRAID_ASSERT(taken <= 1);
}

}  // namespace

BRAID_TEST(check_then_act, racy) {
  one_item_two_consumers([](WorkQueue& q) {
    if (!q.has_item()) return false;
    q.pop();  // another consumer may have taken the item since the check
    return true;
  });
}

BRAID_TEST(check_then_act, fixed) {
  one_item_two_consumers([](WorkQueue& q) {
    int item = 0;
    return q.try_pop(item);
  });
}
