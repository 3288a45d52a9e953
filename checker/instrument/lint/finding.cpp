#include "checker/instrument/lint/finding.hpp"

#include <algorithm>
#include <tuple>

namespace braid::lint {

const std::vector<CheckInfo>& check_infos() {
  static const std::vector<CheckInfo> infos = {
      {kCheckReentrancy,
       "a function with hidden static state (static writes, a static buffer returned, a non-reentrant library "
       "call) reachable from two thread activations or a signal handler"},
      {kCheckSignalSafety, "a call of a function that is not async-signal-safe in code a signal handler reaches"},
      {kCheckMixedLocking, "a global written somewhere and accessed both with a lock held and with none"},
      {kCheckLockOrder, "locks taken in orders that form a cycle: threads taking them can deadlock"},
  };
  return infos;
}

std::string site_ref(const Site& site, const Site& home) {
  return (site.file == home.file ? "line " : site.file + ":") + std::to_string(site.line);
}

void sort_findings(std::vector<Finding>& findings) {
  auto key = [](const Finding& f) { return std::tie(f.site, f.check, f.message); };
  std::sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [&](const Finding& a, const Finding& b) { return key(a) == key(b); }),
                 findings.end());
}

}  // namespace braid::lint
