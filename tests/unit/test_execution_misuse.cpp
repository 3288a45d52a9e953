// Misuse of the threading API (unlock of a mutex or shared_mutex not held, double join, join of
// self, detach after join, wait without the mutex) and threads left behind when the test ends
// (leaked_thread). Each is found through braid::explore and replayed from its token; correct twins
// pass. The misuse of other primitives is tested beside them: a bounded_semaphore released above
// its initial count in test_execution_primitives.cpp, a future's get() twice in
// test_queue_future_pool.cpp, a shared_mutex released by the wrong side in
// test_execution_shared_mutex.cpp.
#include <mutex>
#include <set>

#include "tests/unit/test_execution_support.hpp"

namespace braid::test {
namespace {

constexpr std::string_view kFile = "test_execution_misuse.cpp";

unsigned here(std::source_location l = std::source_location::current()) { return l.line(); }

// ---- misuse ----

TEST(ExecutionMisuse, UnlockOfAMutexNotHeldIsMisuse) {
  auto body = [] {
    braid::mutex m{"lonely"};
    m.unlock();
  };
  Bug b = find_and_replay(body, "bugs.unlock", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "does not hold")) << b.message;
  EXPECT_TRUE(mentions(b.message, "'lonely'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "nobody holds it")) << b.message;
}

TEST(ExecutionMisuse, UnlockOfAMutexAnotherThreadHoldsIsMisuse) {
  auto body = [] {
    braid::mutex m{"theirs"};
    braid::atomic<bool> locked{false, "locked"};
    braid::atomic<bool> done{false, "done"};
    braid::thread owner([&] {
      m.lock();
      locked.store(true);
      while (!done.load()) braid::this_thread::yield();
      m.unlock();
    });
    while (!locked.load()) braid::this_thread::yield();
    m.unlock();
    done.store(true);
    owner.join();
  };
  Bug b = find_and_replay(body, "bugs.unlock_theirs", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "thread 1 holds it")) << b.message;
}

// Both sides of a shared_mutex that nobody holds: unlock() and unlock_shared().
TEST(ExecutionMisuse, UnlockOfASharedMutexNobodyHoldsIsMisuse) {
  auto exclusive = [] {
    braid::shared_mutex rw{"rw"};
    rw.unlock();
  };
  Bug b = find_and_replay(exclusive, "bugs.shared_unlock", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "unlocks mutex 'rw'")) << b.message;
  EXPECT_TRUE(mentions(b.message, "nobody holds it")) << b.message;
  auto shared = [] {
    braid::shared_mutex rw{"rw"};
    rw.unlock_shared();
  };
  Bug s = find_and_replay(shared, "bugs.shared_unlock_shared", BugKind::misuse);
  EXPECT_TRUE(mentions(s.message, "unlock_shared on shared_mutex 'rw'")) << s.message;
  EXPECT_TRUE(mentions(s.message, "nobody holds it")) << s.message;
}

struct DoubleJoin {
  unsigned second = 0;
  void operator()() {
    braid::thread t([] {});
    t.join();
    second = here() + 1;
    t.join();
  }
};

TEST(ExecutionMisuse, SecondJoinIsMisuse) {
  DoubleJoin test;
  Bug b = find_and_replay(std::ref(test), "bugs.double_join", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "not joinable")) << b.message;
  EXPECT_EQ(lines_in(b, kFile), std::set<unsigned>{test.second});
}

TEST(ExecutionMisuse, JoinOfSelfIsMisuse) {
  auto body = [] {
    braid::thread* self = nullptr;
    braid::atomic<bool> published{false, "published"};
    braid::thread t([&] {
      while (!published.load()) braid::this_thread::yield();
      self->join();
    });
    self = &t;
    published.store(true);
    t.join();
  };
  Bug b = find_and_replay(body, "bugs.self_join", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "thread 1 joins itself")) << b.message;
}

TEST(ExecutionMisuse, DetachAfterJoinIsMisuse) {
  auto body = [] {
    braid::thread t([] {});
    t.join();
    t.detach();
  };
  Bug b = find_and_replay(body, "bugs.detach_joined", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "detach")) << b.message;
}

TEST(ExecutionMisuse, WaitWithoutHoldingTheMutexIsMisuse) {
  auto body = [] {
    braid::mutex m{"m"};
    braid::condition_variable cv{"cv"};
    std::unique_lock<braid::mutex> lock(m, std::defer_lock);  // never locked
    cv.wait(lock);
  };
  Bug b = find_and_replay(body, "bugs.wait_unlocked", BugKind::misuse);
  EXPECT_TRUE(mentions(b.message, "without holding mutex 'm'")) << b.message;
}

// ---- leaked_thread ----

struct NeverJoined {
  unsigned started = 0;
  void operator()() {
    started = here() + 1;
    braid::thread t([] {});
  }
};

TEST(ExecutionMisuse, ThreadNeverJoinedIsLeaked) {
  NeverJoined test;
  Bug b = find_and_replay(std::ref(test), "bugs.leak", BugKind::leaked_thread);
  EXPECT_TRUE(mentions(b.message, "never joined or detached")) << b.message;
  EXPECT_EQ(lines_in(b, kFile), std::set<unsigned>{test.started}) << "names where the thread started";
}

// A detached thread still running when the test body returns: reported, since its remaining
// operations would run after the test's objects are gone.
TEST(ExecutionMisuse, DetachedThreadStillRunningAtTheEndIsLeaked) {
  auto body = [] {
    braid::atomic<int> hits{0, "hits"};
    braid::thread t([&hits] { hits.fetch_add(1); });
    t.detach();
  };
  Bug b = find_and_replay(body, "bugs.detached_running", BugKind::leaked_thread);
  EXPECT_TRUE(mentions(b.message, "still running when the test ended")) << b.message;
}

TEST(ExecutionMisuse, DetachedThreadThatSignalsItsEndPasses) {
  auto body = [] {
    braid::atomic<bool> done{false, "done"};
    braid::thread t([&done] { done.store(true); });
    t.detach();
    while (!done.load()) braid::this_thread::yield();
  };
  expect_clean(explore(body, in_process(), "bugs.detached_done"));
}

}  // namespace
}  // namespace braid::test
