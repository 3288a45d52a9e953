// Two threads each count their own work items. With a thread_local_value every thread has its
// own counter; with one shared braid::var the two threads' increments race.
#include <braid/braid.hpp>

BRAID_TEST(thread_local_counter, shared_counter) {
  braid::var<int> count{0, "count"};
  auto work = [&] {
    for (int i = 0; i < 2; ++i) count = count + 1;  // wrong: both threads update one counter
    BRAID_ASSERT(count == 2);
  };
  braid::thread a(work);
  braid::thread b(work);
  a.join();
  b.join();
}

BRAID_TEST(thread_local_counter, per_thread_counter) {
  braid::thread_local_value<int> count(0);
  auto work = [&] {
    for (int i = 0; i < 2; ++i) ++*count;
    BRAID_ASSERT(count.get() == 2);
  };
  braid::thread a(work);
  braid::thread b(work);
  a.join();
  b.join();
  BRAID_ASSERT(count.get() == 0);  // the test body's own counter
}
