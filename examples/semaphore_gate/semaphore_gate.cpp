// Four workers share a resource that takes at most three users at once; a counting_semaphore is
// the gate. The gate starts closed and opens once every worker is started, by releasing as many
// permits as the resource takes: releasing four instead of three lets a fourth worker in.
#include <braid/braid.hpp>
#include <cstddef>
#include <vector>

namespace {

constexpr int kWorkers = 4;
constexpr int kMaxInside = 3;

void workers_through_the_gate(std::ptrdiff_t permits) {
  braid::counting_semaphore<kWorkers> gate(0, "gate");
  // why a plain int: Braid runs the code between two visible operations without interruption,
  // so `inside` counts exactly the workers between their acquire and their release.
  int inside = 0;
  auto worker = [&] {
    gate.acquire();
    ++inside;
    BRAID_ASSERT(inside <= kMaxInside);
    gate.release();
    --inside;
  };
  std::vector<braid::thread> workers;
  for (int i = 0; i < kWorkers; ++i) workers.push_back(braid::thread(worker));
  gate.release(permits);  // opens the gate
  for (braid::thread& t : workers) t.join();
}

}  // namespace

BRAID_TEST(semaphore_gate, four_permits) {
  workers_through_the_gate(4);  // wrong: the resource takes three
}

BRAID_TEST(semaphore_gate, three_permits) { workers_through_the_gate(kMaxInside); }
