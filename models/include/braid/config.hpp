// Options that steer one exploration. A plain struct: only checker/cli reads argv and the
// environment and fills it in; braid::explore takes it as it is.
#pragma once

#include <cstdint>
#include <string>

namespace braid {

// automatic: --strategy=auto (dpor, then pct for the rest of the budget).
enum class StrategyKind { dfs, dpor, random, pb, pct, automatic };

enum class ReportFormat { text, json };

struct Options {
  StrategyKind strategy = StrategyKind::dpor;
  // 0 = no limit. Exhaustive strategies stop when the tree is covered; random stops here.
  std::uint64_t max_executions = 0;
  double time_limit_s = 0;  // 0 = no limit
  std::uint64_t seed = 0;
  // pb: the most preemptions a schedule may have (bounds 0, 1, ... up to this are run in turn).
  unsigned bound = 2;
  // pct: the bug depth it targets; each execution has depth - 1 priority change points.
  unsigned depth = 3;
  std::string replay;       // a token: run exactly that schedule and record its trace
  bool keep_going = false;  // collect distinct bugs instead of stopping at the first
  // Report lock_order_inversion: a cycle in the lock-order graph kept over the whole exploration
  // (checker/detect/lock_order.hpp). Off, an inverted order is found only as the deadlock some
  // execution reaches (tests of how a strategy reaches deadlocks turn it off).
  bool lock_order = true;
  // Scheduling points one execution may take before it is reported as livelock.
  std::uint64_t max_steps = 100000;
  // Spurious condition-variable wake-ups the checker may inject in one execution.
  unsigned spurious_wakeups = 1;
  // Run executions in a forked worker so that a crash in the code under test is a report.
  bool isolate = true;
  // A worker that reaches no scheduling point for this long is stopped and reported (livelock).
  double hang_timeout_s = 10;
  std::size_t stack_size = std::size_t{256} * 1024;
  // A checkpoint file ("" = none): the exploration resumes from it when it holds this test, and
  // saves its frontier there when it stops early (a stop signal, max_executions, time_limit_s).
  std::string checkpoint;
  // Explore only shard shard_index of shard_count (checker/strategy/shard.hpp): the reports of
  // shards 0 .. shard_count - 1 merge into the report of one run.
  unsigned shard_index = 0;
  unsigned shard_count = 1;
  // Worker processes that explore the test together, worker j exploring shard j of jobs; their
  // results merge into one (checker/runtime/jobs.hpp). Not combined with shard_count > 1.
  unsigned jobs = 1;
};

// Executions a random or pct run makes when max_executions is 0.
inline constexpr std::uint64_t kDefaultRandomExecutions = 1000;

const char* to_string(StrategyKind kind);

}  // namespace braid
