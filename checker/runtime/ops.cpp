// Operations on shared objects: mutexes and condition variables (on the one waitable object),
// atomics and plain shared variables. Each is a scheduling point followed by its effect and its
// event. invariant: references into waitables_/objects_ are re-read after every point(),
// because other threads may have registered objects (and grown the vectors) meanwhile.
#include <fmt/format.h>

#include "checker/runtime/execution.hpp"
#include "checker/runtime/site_format.hpp"

namespace braid::rt {

ObjectId Execution::resolve(detail::Handle& h, const detail::ObjectDecl& d) {
  if (h.generation == generation_) return h.index;
  auto id = static_cast<ObjectId>(objects_.size());
  objects_.push_back(ObjectInfo{d.kind, d.name, d.declared_at});
  // Made outside this execution (a global, say): its address is its name, the same in every
  // execution of this process.
  objects_.back().key =
      h.birth_generation == generation_ ? h.birth : (std::uint64_t{1} << 63) | reinterpret_cast<std::uintptr_t>(&h);
  using K = detail::ObjectKind;
  bool waitable = d.kind != K::atomic && d.kind != K::var && d.kind != K::coroutine && d.kind != K::channel &&
                  d.kind != K::async_mutex;
  if (waitable) {
    std::uint32_t w = new_waitable(id, kNoThread);
    waitables_[w].recursive = d.kind == K::recursive_mutex;
    waitables_[w].count = d.initial;
    waitables_[w].limit = d.limit;
    objects_[id].waitable = w;
  }
  h.generation = generation_;
  h.index = id;
  return id;
}

void Execution::lock(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return;
  ObjectId id = resolve(h, d);
  const Waitable& w = waitable_of(id);
  if (w.owner == current_ && !w.recursive) {
    fail_self_deadlock(
        Op::lock, id, site,
        fmt::format("thread {} locks mutex '{}' at {}, which it already holds (locked at {}): it waits for "
                    "itself forever",
                    current_, object_name(id), short_site(site), short_site(w.acquired_at)),
        {site, w.acquired_at});
  }
  if (d.kind == detail::ObjectKind::shared_mutex) {
    Site shared_at;
    if (shared_holds(id, current_, &shared_at) > 0) {
      fail_self_deadlock(
          Op::lock, id, site,
          fmt::format("thread {} locks shared_mutex '{}' exclusively at {} while it holds it shared (lock_shared "
                      "at {}): it waits for itself forever",
                      current_, object_name(id), short_site(site), short_site(shared_at)),
          {site, shared_at});
    }
  }
  point(Op::lock, id, site, objects_[id].waitable);
  Waitable& held = waitable_of(id);
  held.owner = current_;
  if (++held.depth == 1) held.acquired_at = site;
  emit(Op::lock, id, held.depth, site);
}

bool Execution::try_lock(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return false;
  ObjectId id = resolve(h, d);
  point(Op::try_lock, id, site);
  Waitable& w = waitable_of(id);
  bool got = (w.owner == kNoThread && w.count == 0) || (w.recursive && w.owner == current_);
  if (got) {
    w.owner = current_;
    if (++w.depth == 1) w.acquired_at = site;
  }
  emit(Op::try_lock, id, got ? 1 : 0, site);
  return got;
}

void Execution::unlock(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return;
  ObjectId id = resolve(h, d);
  const Waitable& w = waitable_of(id);
  if (w.owner != current_) {
    std::string holder = d.kind == detail::ObjectKind::shared_mutex ? shared_holders(id)
                         : w.owner == kNoThread                     ? "nobody holds it"
                                                                    : fmt::format("thread {} holds it", w.owner);
    fail(BugKind::misuse,
         fmt::format("thread {} unlocks mutex '{}' at {}, which it does not hold ({})", current_, object_name(id),
                     short_site(site), holder),
         {site});
  }
  point(Op::unlock, id, site);
  release_mutex(id, site);
}

void Execution::release_mutex(ObjectId id, Site site) {
  Waitable& w = waitable_of(id);
  if (--w.depth == 0) w.owner = kNoThread;
  emit(Op::unlock, id, w.depth, site);
}

bool Execution::cv_wait(detail::Handle& cv, const detail::ObjectDecl& cvd, detail::Handle& m,
                        const detail::ObjectDecl& md, Site site, bool timed) {
  if (stopping_) return false;
  ObjectId cv_id = resolve(cv, cvd);
  ObjectId m_id = resolve(m, md);
  if (waitable_of(m_id).owner != current_) {
    fail(BugKind::misuse,
         fmt::format("thread {} waits on condition variable '{}' at {} without holding mutex '{}'", current_,
                     object_name(cv_id), short_site(site), object_name(m_id)),
         {site});
  }
  // Entering the wait: release the mutex and become a waiter, in one step.
  point(Op::wait, cv_id, site, 0xffffffffU, m_id);
  ThreadState& me = threads_[current_];
  me.notified = false;
  std::uint32_t depth = waitable_of(m_id).depth;
  Waitable& mw = waitable_of(m_id);
  mw.depth = 1;
  release_mutex(m_id, site);
  emit(Op::wait, cv_id, 0, site);
  // Blocked until notified, or woken spuriously when the checker chooses to; a timed wait can
  // always wake: its time may run out at any point (see can_run).
  me.timed = timed;
  point(Op::wake, cv_id, site, objects_[cv_id].waitable);
  bool notified = me.notified;
  if (!notified && !timed) --spurious_left_;
  me.notified = false;
  me.timed = false;
  emit(Op::wake, cv_id, notified ? 0 : timed ? kTimedOut : 1, site);
  // Re-acquire the mutex (to its former depth, for a recursive one).
  point(Op::lock, m_id, site, objects_[m_id].waitable);
  Waitable& again = waitable_of(m_id);
  again.owner = current_;
  again.depth = depth;
  again.acquired_at = site;
  emit(Op::lock, m_id, depth, site);
  return notified;
}

void Execution::cv_notify(detail::Handle& cv, const detail::ObjectDecl& d, bool all, Site site) {
  if (stopping_) return;
  ObjectId id = resolve(cv, d);
  point(all ? Op::notify_all : Op::notify_one, id, site);
  std::uint32_t w = objects_[id].waitable;
  std::vector<std::uint32_t> waiters;
  for (ThreadId t = 0; t < nthreads_; ++t) {
    const ThreadState& ts = threads_[t];
    if (!ts.finished && ts.pending == Op::wake && ts.waits_on == w && !ts.notified) waiters.push_back(t);
  }
  if (all) {
    for (ThreadId t : waiters) threads_[t].notified = true;
  } else if (!waiters.empty()) {
    // Which waiter wakes is the checker's choice.
    ThreadId woken = waiters.size() == 1 ? waiters[0] : pick_waiter(waiters);
    threads_[woken].notified = true;
  }
  emit(all ? Op::notify_all : Op::notify_one, id, static_cast<std::int64_t>(waiters.size()), site);
}

void Execution::atomic_access(detail::Handle& h, const detail::ObjectDecl& d, detail::Access a, Site site,
                              std::int64_t order) {
  if (stopping_) return;
  ObjectId id = resolve(h, d);
  Op op = a == detail::Access::load ? Op::load : a == detail::Access::store ? Op::store : Op::rmw;
  point(op, id, site);
  emit(op, id, order, site);
}

// why no scheduling point: a fence touches no object; only its place among the thread's own
// atomic accesses matters, which program order fixes.
void Execution::fence(std::int64_t order, Site site) {
  if (stopping_) return;
  emit(Op::fence, kNoObject, order, site);
}

void Execution::var_access(detail::Handle& h, const detail::ObjectDecl& d, bool write, Site site) {
  if (stopping_) return;
  ObjectId id = resolve(h, d);
  Op op = write ? Op::write : Op::read;
  point(op, id, site);
  emit(op, id, 0, site);
}

void Execution::library_call(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return;
  ObjectId id = resolve(h, d);
  point(Op::call, id, site);
  emit(Op::call, id, 0, site);
}

}  // namespace braid::rt
