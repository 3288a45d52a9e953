// Dining philosophers: each philosopher takes the fork on the left, then the one on the right.
// If all take their left fork at once, nobody can take a right one: deadlock. Taking the
// lower-numbered fork first breaks the cycle.
#include <array>
#include <braid/braid.hpp>
#include <mutex>
#include <string>

namespace {

constexpr int kPhilosophers = 3;

void dine(std::array<braid::mutex, kPhilosophers>& forks, bool ordered) {
  std::array<braid::thread, kPhilosophers> philosophers;
  for (int i = 0; i < kPhilosophers; ++i) {
    int left = i;
    int right = (i + 1) % kPhilosophers;
    if (ordered && right < left) std::swap(left, right);
    philosophers[i] = braid::thread([&forks, left, right] {
      std::lock_guard<braid::mutex> first(forks[left]);
      std::lock_guard<braid::mutex> second(forks[right]);
      // eat
    });
  }
  for (braid::thread& p : philosophers) p.join();
}

}  // namespace

BRAID_TEST(dining_philosophers, naive) {
  std::array<braid::mutex, kPhilosophers> forks{braid::mutex{"fork0"}, braid::mutex{"fork1"}, braid::mutex{"fork2"}};
  dine(forks, false);
}

BRAID_TEST(dining_philosophers, ordered) {
  std::array<braid::mutex, kPhilosophers> forks{braid::mutex{"fork0"}, braid::mutex{"fork1"}, braid::mutex{"fork2"}};
  dine(forks, true);
}
