// Counting primitives on the one waitable object: semaphores, latch, barrier and event. Each
// operation is a scheduling point followed by its effect on Waitable::count / phase and its
// event; a blocked acquire or wait is released by Execution::can_run, like every other blocked
// operation. invariant (as in ops.cpp): references into waitables_ are re-read after point().
#include <fmt/format.h>

#include "checker/runtime/execution.hpp"
#include "checker/runtime/site_format.hpp"

namespace braid::rt {
namespace {

bool is_semaphore(detail::ObjectKind k) {
  using K = detail::ObjectKind;
  return k == K::counting_semaphore || k == K::binary_semaphore || k == K::bounded_semaphore;
}

}  // namespace

ObjectId Execution::resolve_counter(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  bool first_use = h.generation != generation_;
  ObjectId id = resolve(h, d);
  if (!first_use) return id;
  if (is_semaphore(d.kind) && (d.initial < 0 || d.initial > d.limit)) {
    fail(BugKind::misuse,
         fmt::format("semaphore '{}' starts with {} permits, outside 0..{} (declared at {})", object_name(id),
                     d.initial, d.limit, short_site(Site{d.declared_at, nullptr})),
         {site});
  }
  if (d.initial < 0) {
    fail(BugKind::misuse,
         fmt::format("'{}' starts with a negative count {} (declared at {})", object_name(id), d.initial,
                     short_site(Site{d.declared_at, nullptr})),
         {site});
  }
  return id;
}

bool Execution::await_open(ObjectId id, std::uint64_t phase, Site site, bool timed) {
  ThreadState& me = threads_[current_];  // invariant: threads_ never reallocates
  me.wait_phase = phase;
  // A timed wait can always be chosen (see can_run): chosen while the object is still closed for
  // it, its time ran out.
  me.timed = timed;
  point(Op::await, id, site, objects_[id].waitable);
  me.timed = false;
  const Waitable& w = waitable_of(id);
  bool open = w.count == 0 || w.phase != phase;
  if (open) {
    emit(Op::await, id, 0, site);
  } else {
    emit(Op::wake, id, kTimedOut, site);
  }
  return open;
}

// ---- semaphores ----

void Execution::sem_acquire(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return;
  ObjectId id = resolve_counter(h, d, site);
  point(Op::acquire, id, site, objects_[id].waitable);
  Waitable& w = waitable_of(id);
  --w.count;
  emit(Op::acquire, id, w.count, site);
}

bool Execution::sem_try_acquire(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return false;
  ObjectId id = resolve_counter(h, d, site);
  point(Op::try_acquire, id, site);
  Waitable& w = waitable_of(id);
  bool got = w.count > 0;
  if (got) --w.count;
  emit(Op::try_acquire, id, got ? 1 : 0, site);
  return got;
}

bool Execution::sem_try_acquire_timed(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return false;
  ObjectId id = resolve_counter(h, d, site);
  // why one step that can always be chosen (as a timed_mutex's timed lock): when the scheduler
  // runs it decides the outcome. Run while no permit is left it times out, run after a release
  // it takes the permit; both are explored, and a thread in a timed acquire never deadlocks.
  ThreadState& me = threads_[current_];
  me.timed = true;
  point(Op::acquire, id, site, objects_[id].waitable);
  me.timed = false;
  Waitable& w = waitable_of(id);
  if (w.count <= 0) {
    emit(Op::wake, id, kTimedOut, site);
    return false;
  }
  --w.count;
  emit(Op::acquire, id, w.count, site);
  return true;
}

void Execution::sem_release(detail::Handle& h, const detail::ObjectDecl& d, std::int64_t n, Site site) {
  if (stopping_) return;
  ObjectId id = resolve_counter(h, d, site);
  if (n < 0) {
    fail(BugKind::misuse,
         fmt::format("thread {} releases semaphore '{}' at {} by a negative update {}", current_, object_name(id),
                     short_site(site), n),
         {site});
  }
  point(Op::release, id, site);
  Waitable& w = waitable_of(id);
  if (n > w.limit - w.count) {
    std::string bound = d.kind == detail::ObjectKind::bounded_semaphore
                            ? fmt::format("its initial count {}: more releases than acquires", w.limit)
                            : fmt::format("its max() {}", w.limit);
    fail(BugKind::misuse,
         fmt::format("thread {} releases semaphore '{}' at {} above {} (release({}) with {} permit(s) left)", current_,
                     object_name(id), short_site(site), bound, n, w.count),
         {site});
  }
  w.count += n;
  emit(Op::release, id, n, site);
}

// ---- latch ----

void Execution::latch_count_down(detail::Handle& h, const detail::ObjectDecl& d, std::int64_t n, Site site) {
  if (stopping_) return;
  ObjectId id = resolve_counter(h, d, site);
  point(Op::count_down, id, site);
  Waitable& w = waitable_of(id);
  if (n < 0 || n > w.count) {
    fail(BugKind::misuse,
         fmt::format("thread {} counts latch '{}' down by {} at {}, but its count is {}", current_, object_name(id), n,
                     short_site(site), w.count),
         {site});
  }
  w.count -= n;
  emit(Op::count_down, id, w.count, site);
}

bool Execution::latch_try_wait(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return false;
  ObjectId id = resolve_counter(h, d, site);
  point(Op::try_wait, id, site);
  bool open = waitable_of(id).count == 0;
  emit(Op::try_wait, id, open ? 1 : 0, site);
  return open;
}

void Execution::latch_wait(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return;
  ObjectId id = resolve_counter(h, d, site);
  // why one step: a latch only opens, so when the wait begins does not matter.
  await_open(id, waitable_of(id).phase, site);
}

// ---- barrier ----

bool Execution::barrier_arrive(detail::Handle& h, const detail::ObjectDecl& d, bool drop, Site site) {
  if (stopping_) return false;
  ObjectId id = resolve_counter(h, d, site);
  Op op = drop ? Op::drop : Op::arrive;
  point(op, id, site);
  Waitable& w = waitable_of(id);
  if (w.count <= 0) {
    fail(BugKind::misuse,
         fmt::format("thread {} arrives at barrier '{}' at {}, which expects no more threads", current_,
                     object_name(id), short_site(site)),
         {site});
  }
  if (drop) --w.limit;
  // invariant: a phase's count stays above 0 until barrier_complete, so its waiters stay blocked
  // while the last arrival runs the completion function.
  bool last = w.count == 1;
  if (!last) --w.count;
  threads_[current_].wait_phase = w.phase;
  emit(op, id, last ? 0 : w.count, site);
  return last;
}

void Execution::barrier_complete(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return;
  ObjectId id = resolve_counter(h, d, site);
  // Not a scheduling point: it only releases the phase's waiters, which nothing else observes.
  Waitable& w = waitable_of(id);
  std::uint64_t done = w.phase++;
  w.count = w.limit;
  emit(Op::complete, id, static_cast<std::int64_t>(done), site);
}

void Execution::barrier_wait(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return;
  ObjectId id = resolve_counter(h, d, site);
  await_open(id, threads_[current_].wait_phase, site);
}

// ---- event ----

void Execution::event_set(detail::Handle& h, const detail::ObjectDecl& d, bool set, Site site) {
  if (stopping_) return;
  ObjectId id = resolve_counter(h, d, site);
  point(set ? Op::set : Op::clear, id, site);
  Waitable& w = waitable_of(id);
  if (!set) {
    w.count = 1;
  } else if (w.count != 0) {
    w.count = 0;
    ++w.phase;  // releases everyone waiting now, even if a clear() comes first
  }
  emit(set ? Op::set : Op::clear, id, 0, site);
}

bool Execution::event_is_set(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return false;
  ObjectId id = resolve_counter(h, d, site);
  point(Op::is_set, id, site);
  bool set = waitable_of(id).count == 0;
  emit(Op::is_set, id, set ? 1 : 0, site);
  return set;
}

bool Execution::event_wait(detail::Handle& h, const detail::ObjectDecl& d, Site site, bool timed) {
  if (stopping_) return false;
  ObjectId id = resolve_counter(h, d, site);
  // why two steps: the moment the wait begins matters (a set()/clear() pulse releases only the
  // threads already waiting), so beginning it is a scheduling point of its own.
  point(Op::wait, id, site);
  const Waitable& w = waitable_of(id);
  if (w.count == 0) {
    emit(Op::await, id, 0, site);
    return true;
  }
  emit(Op::wait, id, 0, site);
  return await_open(id, w.phase, site, timed);
}

}  // namespace braid::rt
