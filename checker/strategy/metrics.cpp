#include "checker/strategy/metrics.hpp"

#include <algorithm>

namespace braid::strategy {

bool Metrics::begin_execution() {
  if (!inner_->begin_execution()) return false;
  ++counts_.executions;
  preemptions_now_ = 0;
  return true;
}

std::size_t Metrics::pick(std::span<const std::uint32_t> options, std::uint32_t current) {
  std::size_t i = inner_->pick(options, current);
  if (options.size() < 2 || i >= options.size()) return i;  // not a choice, or kDiverged / kPrune
  ++counts_.choices;
  bool could_go_on = std::find(options.begin(), options.end(), current) != options.end();
  if (could_go_on && options[i] != current) {
    ++counts_.preemptions;
    ++preemptions_now_;
  }
  return i;
}

void Metrics::end_execution() {
  counts_.most_preemptions = std::max(counts_.most_preemptions, preemptions_now_);
  inner_->end_execution();
}

}  // namespace braid::strategy
