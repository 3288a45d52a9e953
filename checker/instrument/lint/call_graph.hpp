// The call graph of the analysed sources and its roots: the thread entries (each counted as many
// times as it may be started) and the signal handlers.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "checker/instrument/lint/facts.hpp"

namespace braid::lint {

struct Entry {
  std::string function;
  int starts = 0;           // start calls, a call inside a loop counting two
  std::vector<Site> sites;  // where it is started; empty for main
};

class CallGraph {
 public:
  explicit CallGraph(const Facts& facts);

  // The functions `root` reaches through calls between analysed functions, `root` included.
  const std::set<std::string>& reachable_from(const std::string& root) const;

  // Thread entries: every started function, and main when the sources define it. Sorted by name,
  // main last.
  const std::vector<Entry>& entries() const { return entries_; }
  // Signal handlers, each with where it is installed. Sorted by name.
  const std::map<std::string, std::vector<Site>>& handlers() const { return handlers_; }

 private:
  std::map<std::string, std::set<std::string>> callees_;
  mutable std::map<std::string, std::set<std::string>> reach_;  // memo of reachable_from
  std::vector<Entry> entries_;
  std::map<std::string, std::vector<Site>> handlers_;
};

// "worker (x2)" (started twice), or "main": how an entry is named in messages.
std::string entry_label(const Entry& entry);

// "a", "a and b", "a, b and c".
std::string join_names(const std::vector<std::string>& names);

}  // namespace braid::lint
