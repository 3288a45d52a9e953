// Check `nonreentrant`: a function that keeps state between calls (writes static storage, returns
// a static buffer, or calls a library function that does) is only safe while one activation runs
// at a time. It is reported where two may overlap: when two thread activations reach it (one
// entry started twice, or two entries), or when a signal handler does.
#include <fmt/format.h>

#include <set>
#include <tuple>

#include "checker/instrument/lint/checks.hpp"
#include "checker/instrument/lint/tables.hpp"

namespace braid::lint {
namespace {

// Why `function` is not reentrant, at `site`. `locked`: a write made with a lock held, which
// threads cannot overlap but a signal handler interrupting the lock holder can.
struct Reason {
  std::string function;
  Site site;
  std::string what;
  bool locked = false;
};

std::vector<Reason> library_reasons(const Facts& facts) {
  std::vector<Reason> out;
  // invariant: calls are sorted by site, so each (function, callee) keeps its first call.
  std::set<std::pair<std::string, std::string>> seen;
  for (const Call& c : facts.calls) {
    const NonReentrant* n = c.library ? find_nonreentrant(c.callee) : nullptr;
    if (n == nullptr || !seen.insert({c.caller, c.callee}).second) continue;
    std::string what = fmt::format("calls {}, which {}", c.callee, n->why);
    if (!n->instead.empty()) what += fmt::format(" (use {})", n->instead);
    out.push_back({c.caller, c.site, std::move(what)});
  }
  return out;
}

std::vector<Reason> state_reasons(const Facts& facts) {
  std::vector<Reason> out;
  // invariant: accesses are sorted by site, so each (function, variable, locked) keeps its first write.
  std::set<std::tuple<std::string, std::string, bool>> seen;
  for (const Access& a : facts.accesses) {
    bool locked = !a.locks.empty();
    if (!a.write || !seen.insert({a.function, a.variable, locked}).second) continue;
    std::string what = fmt::format("writes static state {}", a.variable);
    if (locked) what += fmt::format(" (with {} held)", join_names(a.locks));
    out.push_back({a.function, a.site, std::move(what), locked});
  }
  for (const StaticReturn& r : facts.static_returns) {
    out.push_back({r.function, r.site, fmt::format("returns a pointer to static buffer {}", r.variable)});
  }
  return out;
}

// Who reaches `function`: the thread entries and the signal handlers, with where each starts.
struct Reachers {
  std::vector<std::string> entries;
  int activations = 0;
  std::vector<std::string> handlers;
  std::vector<Related> related;
};

Reachers reachers_of(const std::string& function, const CallGraph& graph) {
  Reachers r;
  for (const Entry& e : graph.entries()) {
    if (graph.reachable_from(e.function).count(function) == 0) continue;
    r.entries.push_back(entry_label(e));
    r.activations += e.starts;
    for (const Site& s : e.sites) r.related.push_back({s, fmt::format("thread entry {} started here", e.function)});
  }
  for (const auto& [handler, sites] : graph.handlers()) {
    if (graph.reachable_from(handler).count(function) == 0) continue;
    r.handlers.push_back(handler);
    for (const Site& s : sites) r.related.push_back({s, fmt::format("signal handler {} installed here", handler)});
  }
  return r;
}

std::string describe(const Reachers& r) {
  std::vector<std::string> parts;
  if (!r.entries.empty()) {
    parts.push_back(fmt::format("{} {}", r.activations > 1 ? "thread entries" : "thread entry", join_names(r.entries)));
  }
  if (!r.handlers.empty()) {
    parts.push_back(
        fmt::format("{} {}", r.handlers.size() > 1 ? "signal handlers" : "signal handler", join_names(r.handlers)));
  }
  return join_names(parts);
}

}  // namespace

std::vector<Finding> check_reentrancy(const Facts& facts, const CallGraph& graph) {
  std::vector<Reason> reasons = library_reasons(facts);
  for (Reason& r : state_reasons(facts)) reasons.push_back(std::move(r));
  std::vector<Finding> out;
  for (const Reason& reason : reasons) {
    Reachers who = reachers_of(reason.function, graph);
    bool overlap = !who.handlers.empty() || (!reason.locked && who.activations > 1);
    if (!overlap) continue;
    out.push_back({kCheckReentrancy, reason.site,
                   fmt::format("{} {}, and is reachable from {}", reason.function, reason.what, describe(who)),
                   std::move(who.related)});
  }
  return out;
}

}  // namespace braid::lint
