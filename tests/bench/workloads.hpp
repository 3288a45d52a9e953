// The workloads braid_bench measures (PEERS.md names them): each one explores a test with
// braid::explore under the given options and returns the whole-exploration result.
#pragma once

#include <braid/braid.hpp>

namespace braid::bench {

// N threads each do K times { lock_guard m; c = c + 1 } on a braid::var<int>; the body joins
// them and asserts c == N*K. Passes: every execution ends with c == N*K.
Result counter_mutex(int threads, int increments, const Options& options);

// N philosophers, each takes the fork on its left, then the one on its right (the naive
// order). Deadlocks when every philosopher holds its left fork; dfs stops at the first one.
Result philosophers(int philosophers, const Options& options);

}  // namespace braid::bench
