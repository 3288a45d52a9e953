// A background thread is started and never joined: std::thread would call std::terminate when
// its object is destroyed. Braid reports it as leaked_thread, naming where it was started.
#include <braid/braid.hpp>

BRAID_TEST(leaked_thread, never_joined) {
  braid::var<int> hits{0, "hits"};
  braid::thread logger([&] { hits = hits + 1; });
  // forgot: logger.join();
}
