// Programs for the golden tests (run_golden.py): a thread that crashes the process, a thread
// that throws, and a test that passes. Built as golden_programs, linked with Braid's main.
#include <braid/braid.hpp>
#include <stdexcept>

namespace {

// why: a volatile pointer, so that the compiler cannot prove the write undefined and drop it
// (or turn it into a trap); noinline, so that the fault belongs to this function's line.
[[gnu::noinline]] void write_through(volatile int* p) { *p = 7; }

volatile int* volatile g_nowhere = nullptr;

}  // namespace

BRAID_TEST(golden, null_deref) {
  braid::var<int> started{0, "started"};
  braid::thread worker([&] {
    started = 1;
    write_through(g_nowhere);
  });
  worker.join();
}

BRAID_TEST(golden, throws) {
  braid::thread worker([] { throw std::runtime_error("golden: the disk is full"); });
  worker.join();
}

BRAID_TEST(golden, ok) {
  braid::mutex m{"m"};
  braid::var<int> total{0, "total"};
  auto add = [&] {
    std::lock_guard<braid::mutex> g(m);
    total = total + 1;
  };
  braid::thread a(add);
  braid::thread b(add);
  a.join();
  b.join();
  BRAID_ASSERT(total == 2);
}
