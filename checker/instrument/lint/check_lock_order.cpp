// Check `lock-order`: when one function takes lock b while holding a, and another takes a while
// holding b, two threads running them can each hold one lock and wait forever for the other.
// The orders form a graph (an edge a -> b per "b taken while a held"); each elementary cycle of
// up to kMaxCycle locks is reported once, with the sites that make each of its edges.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>
#include <map>

#include "checker/instrument/lint/checks.hpp"

namespace braid::lint {
namespace {

// why: longer cycles are rare, and enumerating every cycle of a dense graph is exponential.
constexpr std::size_t kMaxCycle = 4;
constexpr std::size_t kMaxCycles = 100;

struct Edge {
  std::string function;
  Site held_at;
  Site taken_at;
};

using Edges = std::map<std::pair<std::string, std::string>, Edge>;

// The first site (in site order) that makes each edge.
Edges order_edges(const Facts& facts) {
  Edges edges;
  for (const Acquire& a : facts.acquires) {
    for (std::size_t i = 0; i < a.held.size(); ++i)
      edges.emplace(std::pair{a.held[i], a.lock}, Edge{a.function, a.held_sites[i], a.site});
  }
  return edges;
}

// Elementary cycles, each listed once: from its smallest lock, through larger ones only.
std::vector<std::vector<std::string>> cycles_of(const Edges& edges) {
  std::map<std::string, std::vector<std::string>> next;
  for (const auto& [key, edge] : edges) next[key.first].push_back(key.second);
  std::vector<std::vector<std::string>> cycles;
  std::vector<std::string> path;
  std::function<void(const std::string&)> extend = [&](const std::string& at) {
    for (const std::string& to : next[at]) {
      if (cycles.size() >= kMaxCycles) return;
      if (to == path.front()) {
        cycles.push_back(path);
      } else if (to > path.front() && path.size() < kMaxCycle &&
                 std::find(path.begin(), path.end(), to) == path.end()) {
        path.push_back(to);
        extend(to);
        path.pop_back();
      }
    }
  };
  for (const auto& [start, unused] : next) {
    path = {start};
    extend(start);
  }
  return cycles;
}

}  // namespace

std::vector<Finding> check_lock_order(const Facts& facts) {
  Edges edges = order_edges(facts);
  std::vector<Finding> out;
  for (const std::vector<std::string>& cycle : cycles_of(edges)) {
    const Site& home = edges.at({cycle[0], cycle[1 % cycle.size()]}).taken_at;
    std::vector<std::string> steps;
    std::vector<Related> related;
    for (std::size_t i = 0; i < cycle.size(); ++i) {
      const std::string& held = cycle[i];
      const std::string& taken = cycle[(i + 1) % cycle.size()];
      const Edge& e = edges.at({held, taken});
      steps.push_back(fmt::format("{} takes {} at {} while holding {} (taken at {})", e.function, taken,
                                  site_ref(e.taken_at, home), held, site_ref(e.held_at, home)));
      related.push_back({e.held_at, fmt::format("{} takes {} here", e.function, held)});
      related.push_back({e.taken_at, fmt::format("then {} here, {} still held", taken, held)});
    }
    std::string ring;
    for (const std::string& lock : cycle) ring += lock + " -> ";
    ring += cycle.front();
    out.push_back(
        {kCheckLockOrder, home,
         fmt::format("lock order cycle {}: {}; threads running these can deadlock", ring, fmt::join(steps, "; ")),
         std::move(related)});
  }
  return out;
}

}  // namespace braid::lint
