// Two workers share a pool of two connections, counted by a bounded_semaphore. A worker whose
// request fails gives its connection back on the error path, and then once more on the way out:
// one release too many, which would let a third user in.
#include <braid/braid.hpp>

namespace {

void use_connection(braid::bounded_semaphore& pool, braid::atomic<int>& failures, bool fails, bool fixed) {
  pool.acquire();
  if (fails) {
    failures.fetch_add(1);
    pool.release();  // the error path gives the connection back...
    if (fixed) return;
  }
  pool.release();  // ...and without the return, so does the normal path
}

void two_workers(bool fixed) {
  braid::bounded_semaphore pool(2, "pool");
  braid::atomic<int> failures{0, "failures"};
  braid::thread ok([&] { use_connection(pool, failures, false, fixed); });
  braid::thread failing([&] { use_connection(pool, failures, true, fixed); });
  ok.join();
  failing.join();
  BRAID_ASSERT(failures.load() == 1);
}

}  // namespace

BRAID_TEST(bounded_release, double_release) { two_workers(false); }

BRAID_TEST(bounded_release, release_once) { two_workers(true); }
