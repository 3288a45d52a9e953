// Sharding: a decorator that makes any strategy explore only shard K of N of its search, so that
// N processes (--jobs) or N machines (--shard=K/N) share one test and their reports merge into the
// report of one run (checker/report/merge.hpp).
//
// Which executions a shard owns depends on the strategy:
// - dfs, pb (a tree of independent subtrees): by prefix. An execution belongs to shard
//   hash(prefix) % N, where the prefix is its first D choices (value and option count) and D is
//   the smallest depth at which the product of the option counts reaches 8 N (the whole path
//   when it never does). A pure function of the path, so the shards partition the executions;
//   a shard abandons an execution (kPrune, uncounted) as soon as its prefix is another's, and the
//   strategy skips that whole subtree.
// - random: execution i (seeded from (seed, i)) belongs to shard i % N; the others are skipped
//   without being run.
// - dpor, pct: by index, the whole search run in every shard. why: a race found in one dpor
//   branch adds branches higher up (the search is not a tree of independent subtrees), and pct
//   sizes execution i from the executions before it. Every shard runs every execution and counts
//   only those with i % N == K: exact, but no faster than one run.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "braid/config.hpp"
#include "checker/strategy/strategy.hpp"

namespace braid::strategy {

// How a shard decides what it owns.
enum class ShardMode { prefix, skip, index };

ShardMode shard_mode(StrategyKind kind);

// The prefix rule as a pure function, for tests: the shard (in [0, count)) that owns an
// execution whose choices were `path`.
std::uint32_t prefix_owner(std::span<const Choice> path, std::uint32_t count);

// `inner` restricted to shard `index` of `count` (count >= 2, index < count).
std::unique_ptr<Strategy> make_shard(std::unique_ptr<Strategy> inner, ShardMode mode, std::uint32_t index,
                                     std::uint32_t count);

}  // namespace braid::strategy
