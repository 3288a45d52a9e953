// A cache refreshed by coroutines. `get` checks whether the cached copy is stale and, if so,
// fetches a new one — a co_await, during which other coroutines run. The buggy version decides on
// the version it read before the await and installs "its" refresh over one another coroutine
// installed meanwhile: the refresh count is lost, and two fetches were made for one change. The
// fixed version reads the cache again after the await and keeps the newer copy.
#include <braid/braid.hpp>

namespace {

struct Cache {
  braid::var<int> version{0, "cache.version"};
  braid::var<int> fetches{0, "cache.fetches"};
};

// Stands for a network fetch: suspends, letting other coroutines run.
braid::task<void> fetch(Cache& c) {
  co_await braid::sleep(std::chrono::milliseconds(10));
  c.fetches = c.fetches + 1;
}

braid::task<void> refresh_racy(Cache& c) {
  int seen = c.version;
  co_await fetch(c);
  c.version = seen + 1;  // from the read before the await
}

braid::task<void> refresh_fixed(Cache& c) {
  int seen = c.version;
  co_await fetch(c);
  if (c.version != seen) co_return;  // another coroutine refreshed it meanwhile: keep that copy
  c.version = seen + 1;
}

template <class Refresh>
braid::task<void> two_readers(Refresh refresh) {
  Cache c;
  auto a = braid::spawn(refresh(c));
  auto b = braid::spawn(refresh(c));
  co_await braid::join_all(a, b);
  BRAID_ASSERT(c.version >= 1);
}

}  // namespace

BRAID_TEST(coro_cache, racy) { braid::block_on(two_readers(refresh_racy)); }

BRAID_TEST(coro_cache, fixed) { braid::block_on(two_readers(refresh_fixed)); }
