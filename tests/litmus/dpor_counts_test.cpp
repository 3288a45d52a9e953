// Exact execution counts of the classic DPOR workloads under StrategyKind::dpor.
//
// These counts are the published Mazurkiewicz-trace counts: the number of equivalence classes of
// interleavings (two interleavings are equivalent when they order every pair of dependent
// operations the same way), which is what an optimal DPOR explores, one execution per class.
// GenMC and Nidhugg (optimal DPOR) report exactly these (PEERS.md; docs/performance.md, "DPOR
// benchmarks", names the sources). The workloads and their definitions are in
// tests/bench/dpor_workloads.hpp, shared with braid_bench. dfs explores every interleaving, far
// more (lastzero(3): 33,032 under Braid's dfs), so these tests need the dpor strategy; the
// time limit makes a strategy that is not optimal fail in seconds instead of running for hours.
#include <gtest/gtest.h>

#include <braid/braid.hpp>
#include <cstdint>

#include "../bench/dpor_workloads.hpp"

namespace {

braid::Options dpor() {
  braid::Options o;
  o.strategy = braid::StrategyKind::dpor;
  o.isolate = false;
  o.time_limit_s = 60;
  return o;
}

// A passing, complete exploration of exactly `traces` executions.
void expect_traces(const braid::Result& r, std::uint64_t traces) {
  EXPECT_EQ(r.verdict, braid::Verdict::pass) << r.error;
  EXPECT_TRUE(r.bugs.empty()) << braid::to_string(r.bugs.front().kind) << ": " << r.bugs.front().message;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.executions, traces);
}

}  // namespace

// Nothing is shared: every interleaving is equivalent to every other.
TEST(DporCounts, IndepWritersIsOneTrace) {
  for (int n = 2; n <= 6; ++n) {
    for (int k = 1; k <= 2; ++k) {
      SCOPED_TRACE(testing::Message() << "indep_writers(" << n << "," << k << ")");
      expect_traces(braid::bench::indep_writers(n, k, dpor()), 1);
    }
  }
}

TEST(DporCounts, LastzeroSmall) {
  for (auto [n, traces] : {std::pair{3, 12}, {4, 28}, {5, 64}}) {
    SCOPED_TRACE(testing::Message() << "lastzero(" << n << ")");
    expect_traces(braid::bench::lastzero(n, dpor()), static_cast<std::uint64_t>(traces));
  }
}

TEST(DporCounts, Lastzero10Is3328) { expect_traces(braid::bench::lastzero(10, dpor()), 3328); }

// Up to 11 threads no two insertions probe the same slot.
TEST(DporCounts, Indexer3IsOneTrace) { expect_traces(braid::bench::indexer(3, dpor()), 1); }

TEST(DporCounts, Indexer12Is8) { expect_traces(braid::bench::indexer(12, dpor()), 8); }

TEST(DporCounts, Indexer13Is64) { expect_traces(braid::bench::indexer(13, dpor()), 64); }

// Published for 12 / 14 / 16 / 18 threads: 1 / 2 / 8 / 32 (2^(N-13) from 14 on).
TEST(DporCounts, FilesystemCounts) {
  for (auto [n, traces] : {std::pair{12, 1}, {14, 2}, {16, 8}}) {
    SCOPED_TRACE(testing::Message() << "filesystem(" << n << ")");
    expect_traces(braid::bench::filesystem(n, dpor()), static_cast<std::uint64_t>(traces));
  }
}

// Not a published count: derived by hand in dpor_workloads.cpp (2^N), with two readers' shared
// acquisitions of the shared_mutex independent of each other, as they commute.
TEST(DporCounts, ReadersWritersIsTwoToTheN) {
  for (int n = 1; n <= 4; ++n) {
    SCOPED_TRACE(testing::Message() << "readers_writers(" << n << ")");
    expect_traces(braid::bench::readers_writers(n, dpor()), std::uint64_t{1} << n);
  }
}
