#include "checker/instrument/lint/call_graph.hpp"

#include <algorithm>

namespace braid::lint {

CallGraph::CallGraph(const Facts& facts) {
  for (const Call& c : facts.calls) {
    if (!c.library) callees_[c.caller].insert(c.callee);
  }
  std::map<std::string, Entry> by_name;
  for (const ThreadStart& s : facts.starts) {
    if (s.entry.empty()) continue;
    Entry& e = by_name[s.entry];
    e.function = s.entry;
    e.starts += s.in_loop ? 2 : 1;  // why: a start in a loop may run many times; two is enough to overlap
    e.sites.push_back(s.site);
  }
  for (auto& [name, entry] : by_name) {
    if (name != "main") entries_.push_back(std::move(entry));
  }
  // why: main runs on the process's first thread; it is an entry even though nothing starts it.
  if (std::binary_search(facts.functions.begin(), facts.functions.end(), std::string("main"))) {
    entries_.push_back({"main", 1, {}});
  }
  for (const HandlerInstall& h : facts.handlers) handlers_[h.handler].push_back(h.site);
}

const std::set<std::string>& CallGraph::reachable_from(const std::string& root) const {
  if (auto it = reach_.find(root); it != reach_.end()) return it->second;
  std::set<std::string> seen{root};
  std::vector<std::string> todo{root};
  while (!todo.empty()) {
    std::string f = std::move(todo.back());
    todo.pop_back();
    auto it = callees_.find(f);
    if (it == callees_.end()) continue;
    for (const std::string& callee : it->second) {
      if (seen.insert(callee).second) todo.push_back(callee);
    }
  }
  return reach_[root] = std::move(seen);
}

std::string entry_label(const Entry& entry) {
  return entry.starts > 1 ? entry.function + " (x" + std::to_string(entry.starts) + ")" : entry.function;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace braid::lint
