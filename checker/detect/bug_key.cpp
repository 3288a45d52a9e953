#include <fmt/format.h>

#include <algorithm>

#include "checker/detect/detector.hpp"

namespace braid::detect {

std::string bug_key(const BugDraft& bug) {
  std::vector<std::string> sites;
  for (const rt::Site& s : bug.sites) {
    sites.push_back(s.pc != nullptr ? fmt::format("{}", s.pc) : fmt::format("{}:{}", s.loc.file_name(), s.loc.line()));
  }
  std::sort(sites.begin(), sites.end());
  sites.erase(std::unique(sites.begin(), sites.end()), sites.end());
  std::string key = to_string(bug.kind);
  for (const std::string& s : sites) key += "|" + s;
  return key;
}

}  // namespace braid::detect
