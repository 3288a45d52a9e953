// Soundness of dpor against dfs on many small random programs: every outcome (the values each
// thread read, and the final values) that some schedule produces under dfs must also be
// produced under dpor, which explores one schedule per Mazurkiewicz trace. The programs mix
// atomics, var<T>, mutexes, shared_mutexes and try_lock: the operations whose dependence dpor
// models exactly, and nested locks that can deadlock.
#include <array>
#include <random>
#include <set>
#include <string>

#include "test_execution_support.hpp"

namespace braid::test {
namespace {

enum class Kind { load, store, add, locked_add, shared_read, try_add, var_rw, nested };

struct Step {
  Kind kind;
  int object;  // which of the atomics (0..2)
  int value;
};

using Program = std::vector<std::vector<Step>>;  // per thread

Program random_program(std::mt19937& rng) {
  std::uniform_int_distribution<int> threads(2, 3), steps(1, 3), kind(0, 7), object(0, 2), value(1, 3);
  Program p(static_cast<std::size_t>(threads(rng)));
  for (auto& t : p) {
    int n = steps(rng);
    for (int i = 0; i < n; ++i) t.push_back(Step{static_cast<Kind>(kind(rng)), object(rng), value(rng)});
  }
  return p;
}

// Every outcome of `p` under `o`: each execution appends its outcome to the set.
std::set<std::string> outcomes(const Program& p, Options o, Result* result = nullptr) {
  std::set<std::string> seen;
  Result r = explore(
      [&p, &seen] {
        std::array<atomic<int>, 3> a{};
        mutex m;
        mutex n;
        shared_mutex rw;
        var<int> v(0, "v");
        std::vector<std::string> logs(p.size());
        std::vector<thread> ts;
        for (std::size_t t = 0; t < p.size(); ++t) {
          ts.emplace_back([&, t] {
            std::string& log = logs[t];
            for (const Step& s : p[t]) {
              atomic<int>& x = a[static_cast<std::size_t>(s.object)];
              switch (s.kind) {
                case Kind::load:
                  log += std::to_string(x.load()) + ",";
                  break;
                case Kind::store:
                  x.store(s.value);
                  break;
                case Kind::add:
                  log += std::to_string(x.fetch_add(s.value)) + ",";
                  break;
                case Kind::locked_add: {
                  std::lock_guard g(m);
                  x.store(x.load() + s.value);
                  break;
                }
                case Kind::shared_read: {
                  std::shared_lock g(rw);
                  log += std::to_string(x.load()) + "s,";
                  break;
                }
                case Kind::try_add:
                  if (m.try_lock()) {
                    x.store(x.load() + 10);
                    m.unlock();
                    log += "t,";
                  } else {
                    log += "f,";
                  }
                  break;
                case Kind::nested: {
                  // m and n in an order that depends on the value: may deadlock with another.
                  mutex& first = s.value % 2 == 0 ? m : n;
                  mutex& second = s.value % 2 == 0 ? n : m;
                  std::lock_guard g1(first);
                  std::lock_guard g2(second);
                  log += std::to_string(x.fetch_add(1)) + "n,";
                  break;
                }
                case Kind::var_rw: {
                  std::lock_guard g(rw);
                  log += std::to_string(v) + "v,";
                  v = s.value;
                  break;
                }
              }
            }
          });
        }
        for (thread& t : ts) t.join();
        std::string out;
        for (const std::string& l : logs) out += l + "|";
        for (atomic<int>& x : a) out += std::to_string(x.load()) + " ";
        out += std::to_string(v);
        seen.insert(out);
      },
      o);
  // Bugs (deadlocks of the nested locks) count as outcomes too: by kind and lines.
  for (const Bug& b : r.bugs) {
    std::string key = std::string("bug ") + to_string(b.kind);
    for (const Location& l : b.locations) key += " " + std::to_string(l.line);
    seen.insert(key);
  }
  if (result != nullptr) *result = r;
  return seen;
}

std::string show(const Program& p) {
  static const char* kNames[] = {"load", "store", "add", "locked_add", "shared_read", "try_add", "var_rw", "nested"};
  std::string out;
  for (std::size_t t = 0; t < p.size(); ++t) {
    out += "thread " + std::to_string(t) + ":";
    for (const Step& s : p[t]) {
      out += std::string(" ") + kNames[static_cast<int>(s.kind)] + "(" + std::to_string(s.object) + "," +
             std::to_string(s.value) + ")";
    }
    out += "\n";
  }
  return out;
}

TEST(DporDifferential, SameOutcomesAsDfsOnRandomPrograms) {
  std::mt19937 rng(20261123);
  int compared = 0;
  for (int i = 0; i < 300 && compared < 120; ++i) {
    Program p = random_program(rng);
    Options dfs = in_process();
    dfs.strategy = StrategyKind::dfs;
    dfs.max_executions = 20000;  // programs dfs cannot finish quickly are skipped
    dfs.keep_going = true;
    Options dpor = in_process();
    dpor.strategy = StrategyKind::dpor;
    dpor.keep_going = true;
    Result rd, rp;
    std::set<std::string> by_dfs = outcomes(p, dfs, &rd);
    if (!rd.complete) continue;
    ++compared;
    std::set<std::string> by_dpor = outcomes(p, dpor, &rp);
    EXPECT_TRUE(rp.complete) << show(p);
    ASSERT_EQ(by_dfs, by_dpor) << "program " << i << ":\n" << show(p);
    EXPECT_LE(rp.executions, rd.executions) << show(p);
    EXPECT_EQ(rp.pruned, 0U) << show(p);
  }
  EXPECT_GE(compared, 100) << "too few programs small enough for dfs";
}

}  // namespace
}  // namespace braid::test
