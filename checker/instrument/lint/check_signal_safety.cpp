// Check `signal-unsafe`: a signal handler interrupts its thread anywhere, perhaps inside malloc or
// printf holding their locks; only async-signal-safe functions may run in it. Every library call
// in a function a handler reaches (the handler itself included) is checked against the POSIX list.
#include <fmt/format.h>

#include <map>

#include "checker/instrument/lint/checks.hpp"
#include "checker/instrument/lint/tables.hpp"

namespace braid::lint {

std::vector<Finding> check_signal_safety(const Facts& facts, const CallGraph& graph) {
  // The handlers that reach each unsafe call, by the call's index in facts.calls.
  std::map<std::size_t, std::vector<std::string>> reached;
  for (const auto& [handler, sites] : graph.handlers()) {
    const std::set<std::string>& reach = graph.reachable_from(handler);
    for (std::size_t i = 0; i < facts.calls.size(); ++i) {
      const Call& c = facts.calls[i];
      if (c.library && reach.count(c.caller) != 0 && !is_async_signal_safe(c.callee)) reached[i].push_back(handler);
    }
  }
  std::vector<Finding> out;
  for (const auto& [index, handlers] : reached) {
    const Call& c = facts.calls[index];
    std::string who =
        fmt::format("{} {}", handlers.size() > 1 ? "signal handlers" : "signal handler", join_names(handlers));
    bool direct = handlers.size() == 1 && handlers[0] == c.caller;
    std::string message = direct ? fmt::format("{} calls {}, which is not async-signal-safe", who, c.callee)
                                 : fmt::format("{} calls {}, which is not async-signal-safe, and is reachable from {}",
                                               c.caller, c.callee, who);
    Finding f{kCheckSignalSafety, c.site, std::move(message), {}};
    for (const std::string& h : handlers) {
      for (const Site& s : graph.handlers().at(h))
        f.related.push_back({s, fmt::format("signal handler {} installed here", h)});
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace braid::lint
