#include "workloads.hpp"

#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace braid::bench {

Result counter_mutex(int threads, int increments, const Options& options) {
  return explore(
      [threads, increments] {
        braid::mutex m{"m"};
        braid::var<int> c{0, "c"};
        std::vector<braid::thread> ts;
        ts.reserve(static_cast<std::size_t>(threads));
        for (int i = 0; i < threads; ++i) {
          ts.emplace_back([&] {
            for (int j = 0; j < increments; ++j) {
              std::lock_guard<braid::mutex> g(m);
              c = c + 1;
            }
          });
        }
        for (braid::thread& t : ts) t.join();
        BRAID_ASSERT(c == threads * increments);
      },
      options, "bench.counter_mutex");
}

// why: the benchmark measures how long a strategy takes to reach the deadlock itself; the
// lock-order graph would report the inverted order (the cycle) at the first execution.
namespace {
Options without_lock_order(Options o) {
  o.lock_order = false;
  return o;
}
}  // namespace

Result philosophers(int philosophers, const Options& options) {
  // why: a mutex keeps a pointer to its name, so the names outlive every execution.
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(philosophers));
  for (int i = 0; i < philosophers; ++i) names.push_back("fork" + std::to_string(i));
  return explore(
      [philosophers, &names] {
        std::deque<braid::mutex> forks;  // a deque: mutexes cannot move, and a deque never moves them
        for (int i = 0; i < philosophers; ++i) forks.emplace_back(names[static_cast<std::size_t>(i)].c_str());
        std::vector<braid::thread> ps;
        ps.reserve(static_cast<std::size_t>(philosophers));
        for (int i = 0; i < philosophers; ++i) {
          braid::mutex& left = forks[static_cast<std::size_t>(i)];
          braid::mutex& right = forks[static_cast<std::size_t>((i + 1) % philosophers)];
          ps.emplace_back([&left, &right] {
            std::lock_guard<braid::mutex> first(left);
            std::lock_guard<braid::mutex> second(right);
            // eat
          });
        }
        for (braid::thread& p : ps) p.join();
      },
      without_lock_order(options), "bench.philosophers");
}

}  // namespace braid::bench
