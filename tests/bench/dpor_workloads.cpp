// The classic DPOR workloads (definitions and sources in dpor_workloads.hpp). Each body builds its
// shared objects itself, so every execution starts from the same state.
#include "dpor_workloads.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace braid::bench {
namespace {

// why: a braid object keeps a pointer to its name, so the names outlive every execution.
std::vector<std::string> names(const char* prefix, int n) {
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

// indexer: table slots and insertions per thread. filesystem: inodes and blocks (the paper's
// NUMINODE and NUMBLOCKS).
constexpr int kSize = 128;
constexpr int kInsertions = 4;
constexpr int kInodes = 32;
constexpr int kBlocks = 26;

void join_all(std::vector<braid::thread>& ts) {
  for (braid::thread& t : ts) t.join();
}

}  // namespace

Result indep_writers(int threads, int stores, const Options& options) {
  std::vector<std::string> xs = names("x", threads);
  return explore(
      [threads, stores, &xs] {
        std::deque<braid::atomic<int>> x;  // a deque: atomics cannot move, and a deque never moves them
        for (int i = 0; i < threads; ++i) x.emplace_back(0, xs[static_cast<std::size_t>(i)].c_str());
        std::vector<braid::thread> ts;
        ts.reserve(static_cast<std::size_t>(threads));
        for (int i = 0; i < threads; ++i) {
          braid::atomic<int>& mine = x[static_cast<std::size_t>(i)];
          ts.emplace_back([&mine, stores] {
            for (int k = 1; k <= stores; ++k) mine.store(k);
          });
        }
        join_all(ts);
        for (braid::atomic<int>& xi : x) BRAID_ASSERT(xi.load() == stores);
      },
      options, "bench.indep_writers");
}

// The reader is spawned first, then writers 1..N, as in the published program (its main spawns
// the reader, then the writers). Each writer's value is one more than a value array[j-1] held,
// which is between 0 and j-1: hence 1 <= array[j] <= j at the end.
Result lastzero(int writers, const Options& options) {
  std::vector<std::string> as = names("array", writers + 1);
  return explore(
      [writers, &as] {
        std::deque<braid::atomic<int>> array;
        for (int i = 0; i <= writers; ++i) array.emplace_back(0, as[static_cast<std::size_t>(i)].c_str());
        std::vector<braid::thread> ts;
        ts.reserve(static_cast<std::size_t>(writers) + 1);
        ts.emplace_back([&array, writers] {
          int i = writers;
          for (; array[static_cast<std::size_t>(i)].load() != 0; --i) {
          }
          // invariant: array[0] is never written, so the scan stops at index 0 at the latest.
          BRAID_ASSERT(i >= 0);
        });
        for (int j = 1; j <= writers; ++j) {
          ts.emplace_back([&array, j] {
            auto at = [&array](int k) -> braid::atomic<int>& { return array[static_cast<std::size_t>(k)]; };
            at(j).store(at(j - 1).load() + 1);
          });
        }
        join_all(ts);
        for (int j = 1; j <= writers; ++j) {
          int v = array[static_cast<std::size_t>(j)].load();
          BRAID_ASSERT(v >= 1 && v <= j);
        }
      },
      options, "bench.lastzero");
}

// w = m*11 + t repeats across threads from N = 12 on (t = 11, m = 0 and t = 0, m = 1 both insert
// 11), and t = 0, m = 0 inserts 0, which leaves its slot 0 as it was: both as in the published
// program. So the check is per insertion, not per value: each insertion records the slot its CAS
// won (a plain int of its own, read by the body after the joins), and the body asserts the slots
// are distinct and each still holds that insertion's value.
Result indexer(int threads, const Options& options) {
  return explore(
      [threads] {
        std::array<braid::atomic<int>, kSize> table{};
        std::vector<int> slot(static_cast<std::size_t>(threads * kInsertions), -1);
        std::vector<braid::thread> ts;
        ts.reserve(static_cast<std::size_t>(threads));
        for (int t = 0; t < threads; ++t) {
          ts.emplace_back([&table, &slot, t] {
            for (int m = 0; m < kInsertions; ++m) {
              int w = m * 11 + t;
              int h = (w * 7) % kSize;
              for (int expected = 0; !table[static_cast<std::size_t>(h)].compare_exchange_strong(expected, w);
                   expected = 0) {
                h = (h + 1) % kSize;
              }
              slot[static_cast<std::size_t>(t * kInsertions + m)] = h;
            }
          });
        }
        join_all(ts);
        std::vector<int> taken = slot;
        std::sort(taken.begin(), taken.end());
        BRAID_ASSERT(std::adjacent_find(taken.begin(), taken.end()) == taken.end());
        for (int t = 0; t < threads; ++t) {
          for (int m = 0; m < kInsertions; ++m) {
            int h = slot[static_cast<std::size_t>(t * kInsertions + m)];
            BRAID_ASSERT(h >= 0 && table[static_cast<std::size_t>(h)].load() == m * 11 + t);
          }
        }
      },
      options, "bench.indexer");
}

// The published thread (Flanagan and Godefroid's Fig. 6; the C version GenMC and Nidhugg run
// bounds the probe loop, which never matters for N <= 26):
//   i = tid % NUMINODE; lock(locki[i]);
//   if (inode[i] == 0) {
//     b = (i * 2) % NUMBLOCKS;
//     while (true) {
//       lock(lockb[b]);
//       if (!busy[b]) { busy[b] = true; inode[i] = b + 1; unlock(lockb[b]); break; }
//       unlock(lockb[b]); b = (b + 1) % NUMBLOCKS;
//     }
//   }
//   unlock(locki[i]);
// inode and busy are plain shared variables under those locks: braid::var<int>, so the race
// detector also checks that every access is protected.
// Count: for N <= 26 every thread has its own inode (and lock), and thread t starts at block 2t
// (t <= 12) or 2t - 26 (t >= 13): even blocks, shared only by threads t and t + 13. Such a pair
// races for lockb[2t]; the loser finds it busy and takes block 2t + 1, which no one else probes.
// Each racing pair is one independent binary choice: 2^max(0, N - 13) traces.
Result filesystem(int threads, const Options& options) {
  return explore(
      [threads] {
        std::array<braid::mutex, kInodes> locki;
        std::array<braid::var<int>, kInodes> inode{};
        std::array<braid::mutex, kBlocks> lockb;
        std::array<braid::var<int>, kBlocks> busy{};
        std::vector<braid::thread> ts;
        ts.reserve(static_cast<std::size_t>(threads));
        for (int tid = 0; tid < threads; ++tid) {
          ts.emplace_back([&, tid] {
            auto i = static_cast<std::size_t>(tid % kInodes);
            std::lock_guard<braid::mutex> gi(locki[i]);
            if (inode[i] != 0) return;
            auto b = static_cast<std::size_t>((static_cast<int>(i) * 2) % kBlocks);
            while (true) {
              std::lock_guard<braid::mutex> gb(lockb[b]);
              if (busy[b] == 0) {
                busy[b] = 1;
                inode[i] = static_cast<int>(b) + 1;
                break;
              }
              b = (b + 1) % kBlocks;
            }
          });
        }
        join_all(ts);
        std::vector<int> blocks;
        for (int i = 0; i < std::min(threads, kInodes); ++i) {
          int b = inode[static_cast<std::size_t>(i)] - 1;
          BRAID_ASSERT(b >= 0 && b < kBlocks && busy[static_cast<std::size_t>(b)] == 1);
          blocks.push_back(b);
        }
        std::sort(blocks.begin(), blocks.end());
        BRAID_ASSERT(std::adjacent_find(blocks.begin(), blocks.end()) == blocks.end());
      },
      options, "bench.filesystem");
}

// Count, by hand. Operations: writer W = lock, write 1, write 2, unlock; reader R_i =
// lock_shared, read, unlock_shared (the body's spawns and joins only order threads' starts and
// ends). Two operations of different threads are dependent when they touch the same object and
// at least one writes it; on the shared_mutex, W's lock and unlock are dependent with every
// reader operation, while two readers' shared acquisitions and releases commute (neither can
// block the other). W's lock waits until no reader holds the mutex, and readers wait while W
// holds it, so each R_i runs wholly before W's lock (reads 0) or wholly after W's unlock (reads
// 2): N independent binary choices, and each fixes the order of every dependent pair.
// 2^N traces. (A DPOR that treats every pair of operations on one mutex as dependent also orders
// the readers' acquisitions among themselves, and explores more.)
Result readers_writers(int readers, const Options& options) {
  return explore(
      [readers] {
        braid::shared_mutex rw{"rw"};
        braid::var<int> x{0, "x"};
        std::vector<braid::thread> ts;
        ts.reserve(static_cast<std::size_t>(readers) + 1);
        ts.emplace_back([&] {
          std::lock_guard<braid::shared_mutex> g(rw);
          x = 1;
          x = 2;
        });
        for (int r = 0; r < readers; ++r) {
          ts.emplace_back([&] {
            int seen = 0;
            {
              std::shared_lock<braid::shared_mutex> g(rw);
              seen = x;
            }
            BRAID_ASSERT(seen == 0 || seen == 2);
          });
        }
        join_all(ts);
        BRAID_ASSERT(x == 2);
      },
      options, "bench.readers_writers");
}

}  // namespace braid::bench
