// A thread_pool of two workers maps a primality test over a few numbers. map() returns the
// results in the order of the input, whichever worker ran which task and whenever it finished.
#include <braid/braid.hpp>
#include <vector>

namespace {

bool is_prime(int n) {
  if (n < 2) return false;
  for (int d = 2; d * d <= n; ++d) {
    if (n % d == 0) return false;
  }
  return true;
}

}  // namespace

BRAID_TEST(prime_pool, map_keeps_order) {
  braid::thread_pool pool(2, "pool");
  std::vector<int> numbers{7, 9, 11};
  std::vector<bool> primes = pool.map(is_prime, numbers);
  BRAID_ASSERT((primes == std::vector<bool>{true, false, true}));
}
