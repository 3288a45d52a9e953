// shared_mutex's shared side and timed_mutex's timed try-lock, on the one waitable object. A
// shared_mutex's Waitable has an exclusive owner (Waitable::owner, as for a mutex) or readers
// (Waitable::count, with each reader's own hold in shared_holds_); its exclusive side is the
// mutex operations of ops.cpp. invariant (as in ops.cpp): references into waitables_ are re-read
// after point().
#include <fmt/format.h>

#include "checker/runtime/execution.hpp"
#include "checker/runtime/site_format.hpp"

namespace braid::rt {

std::uint32_t Execution::shared_holds(ObjectId id, ThreadId t, Site* at) const {
  for (const SharedHold& h : shared_holds_) {
    if (h.object == id && h.thread == t) {
      if (at != nullptr) *at = h.acquired_at;
      return h.count;
    }
  }
  return 0;
}

Execution::SharedHold& Execution::shared_hold(ObjectId id, ThreadId t) {
  for (SharedHold& h : shared_holds_) {
    if (h.object == id && h.thread == t) return h;
  }
  shared_holds_.push_back(SharedHold{id, t, 0, Site{}});
  return shared_holds_.back();
}

std::string Execution::shared_holders(ObjectId id) const {
  const Waitable& w = waitables_[objects_[id].waitable];
  if (w.owner != kNoThread) return fmt::format("thread {} holds it exclusively", w.owner);
  if (w.count == 0) return "nobody holds it";
  return fmt::format("{} reader(s) hold it shared", w.count);
}

void Execution::lock_shared(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return;
  ObjectId id = resolve(h, d);
  const Waitable& w = waitable_of(id);
  if (w.owner == current_) {
    fail_self_deadlock(
        Op::lock_shared, id, site,
        fmt::format("thread {} locks shared_mutex '{}' shared at {} while it holds it exclusively (locked at {}): "
                    "it waits for itself forever",
                    current_, object_name(id), short_site(site), short_site(w.acquired_at)),
        {site, w.acquired_at});
  }
  point(Op::lock_shared, id, site, objects_[id].waitable);
  Waitable& held = waitable_of(id);
  ++held.count;
  SharedHold& mine = shared_hold(id, current_);
  if (++mine.count == 1) mine.acquired_at = site;
  emit(Op::lock_shared, id, held.count, site);
}

bool Execution::try_lock_shared(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return false;
  ObjectId id = resolve(h, d);
  point(Op::try_lock_shared, id, site);
  Waitable& w = waitable_of(id);
  bool got = w.owner == kNoThread;
  if (got) {
    ++w.count;
    SharedHold& mine = shared_hold(id, current_);
    if (++mine.count == 1) mine.acquired_at = site;
  }
  emit(Op::try_lock_shared, id, got ? 1 : 0, site);
  return got;
}

void Execution::unlock_shared(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return;
  ObjectId id = resolve(h, d);
  if (shared_holds(id, current_) == 0) {
    fail(BugKind::misuse,
         fmt::format("thread {} calls unlock_shared on shared_mutex '{}' at {}, which it does not hold shared ({})",
                     current_, object_name(id), short_site(site), shared_holders(id)),
         {site});
  }
  point(Op::unlock_shared, id, site);
  Waitable& w = waitable_of(id);
  --w.count;
  --shared_hold(id, current_).count;
  emit(Op::unlock_shared, id, w.count, site);
}

bool Execution::timed_lock(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return false;
  ObjectId id = resolve(h, d);
  // why an ordinary, always-runnable point: when the scheduler runs it decides the outcome; run
  // while another thread holds the mutex it times out, run after the holder's unlock it
  // acquires. Both are explored, and a thread in a timed wait never deadlocks.
  point(Op::timed_lock, id, site);
  Waitable& w = waitable_of(id);
  bool got = w.owner == kNoThread;
  if (got) {
    w.owner = current_;
    w.depth = 1;
    w.acquired_at = site;
  }
  emit(Op::timed_lock, id, got ? 1 : 0, site);
  return got;
}

}  // namespace braid::rt
