// A starter sets up the race and fires a starting gun (a braid::event); two runners wait for it.
// The runners wait with a timeout and ignore wait_for's result, as if the gun always fired in
// time. No real time passes in a Braid test: timing out is a choice Braid explores, so it finds
// the runner that starts before the race is set up.
#include <braid/braid.hpp>
#include <chrono>

namespace {

using namespace std::chrono_literals;

struct Race {
  braid::event gun{"gun"};
  braid::atomic<int> distance{0, "distance"};
};

void start(Race& race) {
  race.distance.store(100);
  race.gun.set();
}

void trusting_runner(Race& race) {
  (void)race.gun.wait_for(1s);  // wrong: assumes the gun fired within a second
  BRAID_ASSERT(race.distance.load() == 100);
}

void checking_runner(Race& race) {
  if (!race.gun.wait_for(1s)) return;  // no start within a second: this runner gives up
  BRAID_ASSERT(race.distance.load() == 100);
}

void run_race(void (*runner)(Race&)) {
  Race race;
  braid::thread a([&] { runner(race); });
  braid::thread b([&] { runner(race); });
  start(race);
  a.join();
  b.join();
}

}  // namespace

BRAID_TEST(starting_gun, ignores_timeout) { run_race(trusting_runner); }

BRAID_TEST(starting_gun, checks_timeout) { run_race(checking_runner); }
