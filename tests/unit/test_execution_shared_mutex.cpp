// shared_mutex and timed_mutex under exploration. Each bug is replayed from its token to the same
// bug; each correct twin passes a complete exploration with no false alarm.
#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>

#include "tests/unit/test_execution_support.hpp"

namespace braid::test {
namespace {

constexpr const char* kFile = "test_execution_shared_mutex.cpp";

// ---- shared_mutex ----

// Two readers read `data` under lock_shared. Both can be inside at once (some execution has two
// readers in), and reads never race with each other, nor with the write before the spawns.
TEST(ExecutionSharedMutex, ReadersShareTheLockWithoutARace) {
  int most_inside = 0;
  auto body = [&] {
    braid::shared_mutex rw("rw");
    braid::var<int> data{0, "data"};
    data.set(7);
    // why a plain int: code between two visible operations runs without interruption.
    int inside = 0;
    auto reader = [&] {
      std::shared_lock<braid::shared_mutex> lk(rw);
      ++inside;
      most_inside = std::max(most_inside, inside);
      BRAID_ASSERT(data.get() == 7);
      --inside;
    };
    braid::thread a(reader);
    braid::thread b(reader);
    a.join();
    b.join();
  };
  // why dfs: `inside` is invisible to the checker, so dpor rightly treats the schedules that
  // differ only in it as one trace; dfs runs every schedule.
  Options o = in_process();
  o.strategy = StrategyKind::dfs;
  expect_clean(explore(body, o, "shared.readers"));
  EXPECT_EQ(most_inside, 2) << "the two readers hold the lock at the same time in some execution";
}

// A writer and a reader of `data`; the writer takes the lock exclusively or not at all.
void writer_and_reader(bool writer_locks) {
  braid::shared_mutex rw("rw");
  braid::var<int> data{0, "data"};
  braid::thread writer([&] {
    if (writer_locks) {
      std::unique_lock<braid::shared_mutex> lk(rw);
      data.set(1);
    } else {
      data.set(1);
    }
  });
  braid::thread reader([&] {
    std::shared_lock<braid::shared_mutex> lk(rw);
    int v = data.get();
    BRAID_ASSERT(v == 0 || v == 1);
  });
  writer.join();
  reader.join();
}

TEST(ExecutionSharedMutex, WriterWithoutTheLockRacesWithAReader) {
  Bug b = find_and_replay([] { writer_and_reader(false); }, "shared.unlocked_writer", BugKind::data_race);
  EXPECT_TRUE(mentions(b.message, "'data'")) << b.message;
}

TEST(ExecutionSharedMutex, WriterWithTheLockIsOrderedWithReaders) {
  expect_clean(explore([] { writer_and_reader(true); }, in_process(), "shared.locked_writer"));
}

// Readers are not ordered with one another: a "reader" that writes under lock_shared races with
// another reader (unlock_shared synchronises only with exclusive locks).
TEST(ExecutionSharedMutex, WriteUnderASharedLockRacesWithAnotherReader) {
  auto body = [] {
    braid::shared_mutex rw("rw");
    braid::var<int> data{0, "data"};
    braid::thread bad([&] {
      std::shared_lock<braid::shared_mutex> lk(rw);
      data.set(1);  // wrong: a write needs the exclusive lock
    });
    braid::thread reader([&] {
      std::shared_lock<braid::shared_mutex> lk(rw);
      (void)data.get();
    });
    bad.join();
    reader.join();
  };
  Bug b = find_and_replay(body, "shared.write_under_shared", BugKind::data_race);
  EXPECT_TRUE(mentions(b.message, "'data'")) << b.message;
}

// Exclusive holders are ordered through unlock -> lock_shared and unlock_shared -> lock, with
// lock_guard and try-locks too.
TEST(ExecutionSharedMutex, TryLocksAndGuardsSynchronise) {
  auto body = [] {
    braid::shared_mutex rw("rw");
    braid::var<int> data{0, "data"};
    braid::thread writer([&] {
      std::lock_guard<braid::shared_mutex> g(rw);
      data.set(data.get() + 1);
    });
    braid::thread reader([&] {
      std::shared_lock<braid::shared_mutex> lk(rw, std::try_to_lock);
      if (lk.owns_lock()) (void)data.get();
    });
    braid::thread other([&] {
      if (rw.try_lock()) {
        data.set(data.get() + 1);
        rw.unlock();
      }
    });
    writer.join();
    reader.join();
    other.join();
  };
  expect_clean(explore(body, in_process(), "shared.try_locks"));
}

TEST(ExecutionSharedMutex, UnlockSharedOfAMutexNotHeldIsMisuse) {
  auto body = [] {
    braid::shared_mutex rw("rw");
    braid::thread reader([&] {
      rw.lock_shared();
      rw.unlock_shared();
    });
    reader.join();
    rw.unlock_shared();  // wrong: thread 0 never took it
  };
  Bug b = find_and_replay(body, "shared.unlock_shared_not_held", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "unlock_shared on shared_mutex 'rw'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "nobody holds it")) << b.message;
}

TEST(ExecutionSharedMutex, UnlockSharedByTheExclusiveOwnerIsMisuse) {
  auto body = [] {
    braid::shared_mutex rw("rw");
    rw.lock();
    rw.unlock_shared();
  };
  Bug b = find_and_replay(body, "shared.unlock_shared_by_owner", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "thread 0 holds it exclusively")) << b.message;
}

TEST(ExecutionSharedMutex, ExclusiveUnlockByAReaderIsMisuse) {
  auto body = [] {
    braid::shared_mutex rw("rw");
    rw.lock_shared();
    rw.unlock();
  };
  Bug b = find_and_replay(body, "shared.unlock_by_reader", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "mutex 'rw'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "1 reader(s) hold it shared")) << b.message;
}

TEST(ExecutionSharedMutex, ExclusiveRelockWhileHoldingSharedIsASelfDeadlock) {
  unsigned shared_line = 0;
  unsigned lock_line = 0;
  auto body = [&] {
    braid::shared_mutex rw("rw");
    shared_line = __LINE__ + 1;
    std::shared_lock<braid::shared_mutex> lk(rw);
    lock_line = __LINE__ + 1;
    rw.lock();
  };
  Bug b = find_and_replay(body, "shared.upgrade_self", BugKind::self_deadlock);
  EXPECT_TRUE(mentions(b.message, "shared_mutex 'rw'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "holds it shared")) << b.message;
  // The report names the user's lines, not the std::shared_lock header.
  EXPECT_EQ(lines_in(b, kFile), (std::set<unsigned>{shared_line, lock_line})) << b.message;
}

TEST(ExecutionSharedMutex, ExclusiveRelockWhileHoldingItIsASelfDeadlock) {
  auto body = [] {
    braid::shared_mutex rw("rw");
    std::unique_lock<braid::shared_mutex> lk(rw);
    rw.lock();
  };
  Bug b = find_and_replay(body, "shared.relock", BugKind::self_deadlock);
  EXPECT_TRUE(mentions(b.message, "'rw'")) << b.message;
}

TEST(ExecutionSharedMutex, LockSharedWhileHoldingItExclusivelyIsASelfDeadlock) {
  auto body = [] {
    braid::shared_mutex rw("rw");
    rw.lock();
    rw.lock_shared();
  };
  Bug b = find_and_replay(body, "shared.shared_after_exclusive", BugKind::self_deadlock);
  EXPECT_TRUE(mentions(b.message, "holds it exclusively")) << b.message;
}

// Two readers that upgrade crosswise: each holds one shared_mutex shared and then asks for the
// other exclusively, which the other reader holds shared.
TEST(ExecutionSharedMutex, ReadersUpgradingCrosswiseDeadlock) {
  auto body = [] {
    braid::shared_mutex a("a");
    braid::shared_mutex b("b");
    braid::thread one([&] {
      std::shared_lock<braid::shared_mutex> lk(a);
      std::unique_lock<braid::shared_mutex> up(b);
    });
    braid::thread two([&] {
      std::shared_lock<braid::shared_mutex> lk(b);
      std::unique_lock<braid::shared_mutex> up(a);
    });
    one.join();
    two.join();
  };
  // why lock_order off: the deadlock's own report is under test (the inversion comes first).
  Options o = in_process();
  o.lock_order = false;
  Bug b = find_and_replay(body, "shared.upgrade_deadlock", BugKind::deadlock, o);
  EXPECT_TRUE(mentions(b.message, "holds shared_mutex 'a' shared")) << b.message;
  EXPECT_TRUE(mentions(b.message, "holds shared_mutex 'b' shared")) << b.message;
  EXPECT_TRUE(mentions(b.message, "waits for shared_mutex 'b'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "held by 1 reader(s)")) << b.message;
}

// A reader blocked by a writer that never unlocks: the report names the exclusive owner.
TEST(ExecutionSharedMutex, ReaderWaitingForAWriterThatNeverUnlocksDeadlocks) {
  auto body = [] {
    braid::shared_mutex rw("rw");
    rw.lock();
    braid::thread reader([&] { std::shared_lock<braid::shared_mutex> lk(rw); });
    reader.join();
  };
  Bug b = find_and_replay(body, "shared.writer_never_unlocks", BugKind::deadlock);
  EXPECT_TRUE(mentions(b.message, "waits for shared_mutex 'rw' shared")) << b.message;
  EXPECT_TRUE(mentions(b.message, "held by thread 0")) << b.message;
}

// ---- timed_mutex ----

// A holder locks and unlocks; another thread tries for a while. Depending on when it runs, the
// try acquires (before the holder's lock or after its unlock) or times out (in between).
TEST(ExecutionTimedMutex, TryLockForBothOutcomesAreExplored) {
  std::set<bool> outcomes;
  auto body = [&] {
    braid::timed_mutex m("m");
    braid::var<int> data{0, "data"};
    braid::thread holder([&] {
      std::lock_guard<braid::timed_mutex> g(m);
      data.set(1);
    });
    braid::thread waiter([&] {
      bool got = m.try_lock_for(std::chrono::milliseconds(10));
      outcomes.insert(got);
      if (got) {
        (void)data.get();  // ordered by the holder's unlock, when it ran first
        m.unlock();
      }
    });
    holder.join();
    waiter.join();
  };
  expect_clean(explore(body, in_process(), "timed.both"));
  EXPECT_EQ(outcomes, (std::set<bool>{false, true}));
}

// A timed lock of a mutex that is never released times out instead of deadlocking.
void timed_wait_on_a_held_mutex(bool timed) {
  braid::timed_mutex m("m");
  m.lock();
  braid::thread t([&] {
    if (timed) {
      std::unique_lock<braid::timed_mutex> lk(m, std::defer_lock);
      BRAID_ASSERT(!lk.try_lock_until(std::chrono::steady_clock::now() + std::chrono::seconds(1)));
    } else {
      m.lock();
    }
  });
  t.join();
  m.unlock();
}

TEST(ExecutionTimedMutex, TimedLockThatCouldWaitForeverTimesOut) {
  expect_clean(explore([] { timed_wait_on_a_held_mutex(true); }, in_process(), "timed.no_deadlock"));
}

TEST(ExecutionTimedMutex, PlainLockThatWaitsForeverDeadlocks) {
  Bug b = find_and_replay([] { timed_wait_on_a_held_mutex(false); }, "timed.deadlock", BugKind::deadlock);
  EXPECT_TRUE(mentions(b.message, "mutex 'm'")) << b.message;
}

TEST(ExecutionTimedMutex, UnlockOfATimedMutexNotHeldIsMisuse) {
  auto body = [] {
    braid::timed_mutex m("m");
    m.unlock();
  };
  Bug b = find_and_replay(body, "timed.unlock_not_held", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "'m'")) << b.message;
}

}  // namespace
}  // namespace braid::test
