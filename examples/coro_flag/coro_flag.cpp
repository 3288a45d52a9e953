// Mutual exclusion between coroutines. The buggy version guards its section with a plain flag
// checked before an await: two coroutines both see the flag down, both suspend, and both enter.
// The fixed version holds a braid::async_mutex across the await, so the second coroutine waits
// (suspended, its thread free) until the first leaves.
#include <braid/braid.hpp>

namespace {

struct Section {
  braid::var<bool> busy{false, "busy"};
  braid::var<int> inside{0, "inside"};
  braid::async_mutex lock{"section_lock"};
};

braid::task<void> enter_with_flag(Section& s) {
  if (s.busy) co_return;                  // someone is inside: skip this round
  co_await braid::yield();                // e.g. logging, a metric: any await
  s.busy = true;
  s.inside = s.inside + 1;
  BRAID_ASSERT(s.inside == 1);
  co_await braid::yield();
  s.inside = s.inside - 1;
  s.busy = false;
}

braid::task<void> enter_with_async_mutex(Section& s) {
  auto held = co_await s.lock.scoped_lock();
  s.inside = s.inside + 1;
  BRAID_ASSERT(s.inside == 1);
  co_await braid::yield();  // still held: nobody else gets in
  s.inside = s.inside - 1;
}

template <class Enter>
braid::task<void> two_coroutines(Enter enter) {
  Section s;
  auto a = braid::spawn(enter(s));
  auto b = braid::spawn(enter(s));
  co_await braid::join_all(a, b);
}

}  // namespace

BRAID_TEST(coro_flag, plain_flag) { braid::block_on(two_coroutines(enter_with_flag)); }

BRAID_TEST(coro_flag, async_mutex) { braid::block_on(two_coroutines(enter_with_async_mutex)); }
