// Building the strategy that Options ask for (replay is not among them: the runner builds it from
// a token), and what the strategies share.
#include <fmt/format.h>

#include "checker/strategy/shard.hpp"
#include "checker/strategy/strategy.hpp"

namespace braid::strategy {

bool same_options(std::size_t before, std::size_t now, std::size_t point, std::string& why) {
  if (before == now) return true;
  why = fmt::format("the test is not deterministic: choice point {} offered {} options before and {} now", point,
                    before, now);
  return false;
}

namespace {

std::unique_ptr<Strategy> make_unsharded(const Options& options) {
  const std::uint64_t sampled = options.max_executions != 0 ? options.max_executions : kDefaultRandomExecutions;
  switch (options.strategy) {
    case StrategyKind::random:
      return make_random(options.seed, sampled);
    case StrategyKind::pct:
      return make_pct(options.seed, sampled, options.depth);
    case StrategyKind::pb:
      return make_pb(options.bound);
    case StrategyKind::dpor:
      return make_dpor();
    case StrategyKind::automatic:
      return make_auto(options);
    case StrategyKind::dfs:
      break;
  }
  return make_dfs();
}

}  // namespace

std::unique_ptr<Strategy> make_strategy(const Options& options) {
  std::unique_ptr<Strategy> s = make_unsharded(options);
  if (options.shard_count <= 1) return s;
  return make_shard(std::move(s), shard_mode(options.strategy), options.shard_index, options.shard_count);
}

}  // namespace braid::strategy
