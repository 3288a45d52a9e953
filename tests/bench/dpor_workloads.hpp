// The classic DPOR benchmark workloads, written from their published definitions, as Braid tests.
// Each function explores one test body with braid::explore under the given options and returns
// the whole-exploration result. Every body asserts what the program guarantees, so a checker that
// explores an interleaving the program does not allow (or a model that breaks atomicity) reports
// an assertion_failure instead of passing quietly.
//
// The counts named here are Mazurkiewicz-trace counts: the executions an optimal DPOR explores
// (GenMC and Nidhugg agree on them; PEERS.md and docs/performance.md, "DPOR benchmarks"). dfs
// explores every interleaving and runs many more; tests/litmus/dpor_counts_test.cpp asserts these
// counts under StrategyKind::dpor.
#pragma once

#include <braid/braid.hpp>

namespace braid::bench {

// indep_writers(N, K): thread i (1..N) does K stores x[i] = 1..K to its own braid::atomic<int>;
// nothing is shared. The body asserts x[i] == K for every i after joining.
// Optimal count: 1 (every pair of operations of two threads commutes).
Result indep_writers(int threads, int stores, const Options& options);

// lastzero(N) (Abdulla, Aronis, Jonsson, Sagonas, "Optimal dynamic partial order reduction",
// POPL 2014): braid::atomic<int> array[N+1] = {0}; the reader scans
// `for (i = N; array[i] != 0; i--);`, writers j = 1..N do `array[j] = array[j-1] + 1`. The reader
// asserts it stopped at an index >= 0; the body asserts 1 <= array[j] <= j after joining.
// Optimal counts: N = 2: 5, 3: 12, 4: 28, 5: 64, 6: 144, 8: 704, 10: 3,328, 12: 15,360,
// 15: 147,456.
Result lastzero(int writers, const Options& options);

// indexer(N) (Flanagan and Godefroid, "Dynamic partial-order reduction for model checking
// software", POPL 2005): a 128-slot hash table of braid::atomic<int> (all 0); thread t (0..N-1)
// inserts w = m*11 + t for m = 0..3 at h = (w*7) % 128, probing with
// `while (!table[h].compare_exchange_strong(0, w)) h = (h + 1) % 128;`. The body asserts that
// every insertion took its own slot and that the slot still holds its value. 1 <= N <= 16.
// Optimal counts: N = 1..11: 1, 12: 8, 13: 64, 14: 512, 15: 4,096, 16: 32,768.
Result indexer(int threads, const Options& options);

// filesystem(N) (Flanagan and Godefroid, POPL 2005, the file-system example): 32 inodes and 26
// blocks, each with its own braid::mutex; thread t (0..N-1) takes inode i = t % 32 under
// locki[i] and, if it has no block yet, allocates the first free block from b = (2i) % 26 on,
// each probe under lockb[b]. The body asserts that every inode got a distinct busy block.
// 1 <= N <= 26. Optimal counts: N <= 13: 1 (every thread has its own inode and start block);
// N = 13 + k (1 <= k <= 13): 2^k (threads t and t + 13 race for block 2t); 12: 1, 14: 2,
// 16: 8, 18: 32 published.
Result filesystem(int threads, const Options& options);

// readers_writers(N): one writer and N readers share a braid::var<int> x = 0 under a
// braid::shared_mutex. The writer, holding it exclusively, writes x = 1 then x = 2; each reader,
// holding it shared, reads x once and asserts it read 0 or 2, never the writer's intermediate 1.
// The body asserts x == 2 after joining. Optimal count 2^N (each reader's critical section comes
// wholly before or wholly after the writer's; two readers' operations commute): derived in
// dpor_workloads.cpp.
Result readers_writers(int readers, const Options& options);

}  // namespace braid::bench
