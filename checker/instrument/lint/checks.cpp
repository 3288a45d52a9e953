#include "checker/instrument/lint/checks.hpp"

namespace braid::lint {

std::vector<Finding> run_checks(const Facts& facts) {
  CallGraph graph(facts);
  std::vector<Finding> all;
  for (auto* found : {&check_reentrancy, &check_signal_safety}) {
    for (Finding& f : found(facts, graph)) all.push_back(std::move(f));
  }
  for (auto* found : {&check_mixed_locking, &check_lock_order}) {
    for (Finding& f : found(facts)) all.push_back(std::move(f));
  }
  sort_findings(all);
  return all;
}

}  // namespace braid::lint
