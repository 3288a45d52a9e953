#include "checker/detect/race_detector.hpp"

#include <fmt/format.h>

#include "checker/runtime/site_format.hpp"

namespace braid::detect {

using rt::Event;
using rt::Op;

RaceDetector::RaceDetector()
    : threads_(rt::kMaxThreads),
      exits_(rt::kMaxThreads),
      fence_acquires_(rt::kMaxThreads),
      fence_releases_(rt::kMaxThreads) {}

void RaceDetector::reset() {
  // invariant: only the first n_ clocks (each n_ entries wide) of the last execution are dirty.
  for (std::uint32_t t = 0; t < n_; ++t) {
    threads_[t].clear(n_);
    exits_[t].clear(n_);
    fence_acquires_[t].clear(n_);
    fence_releases_[t].clear(n_);
  }
  n_ = 1;
  threads_[0].set(0, 1);
  ++stamp_;  // every object's state is stale until first used in this execution
}

rt::VectorClock& RaceDetector::sync(rt::ObjectId id) {
  if (id >= sync_.size()) sync_.resize(id + 1);
  Stamped<rt::VectorClock>& s = sync_[id];
  if (s.stamp != stamp_) {
    s.value.clear(rt::kMaxThreads);
    s.stamp = stamp_;
  }
  return s.value;
}

rt::VectorClock& RaceDetector::arrivals(rt::ObjectId id) {
  if (id >= arrivals_.size()) arrivals_.resize(id + 1);
  Stamped<rt::VectorClock>& s = arrivals_[id];
  if (s.stamp != stamp_) {
    s.value.clear(rt::kMaxThreads);
    s.stamp = stamp_;
  }
  return s.value;
}

rt::VectorClock& RaceDetector::readers(rt::ObjectId id) {
  if (id >= readers_.size()) readers_.resize(id + 1);
  Stamped<rt::VectorClock>& s = readers_[id];
  if (s.stamp != stamp_) {
    s.value.clear(rt::kMaxThreads);
    s.stamp = stamp_;
  }
  return s.value;
}

void RaceDetector::acquire_lock(rt::ObjectId id, rt::VectorClock& me) {
  me.join(sync(id), n_);
  // Only a shared_mutex that had readers in this execution has a readers' clock.
  if (id < readers_.size() && readers_[id].stamp == stamp_) me.join(readers_[id].value, n_);
}

RaceDetector::VarState& RaceDetector::var(rt::ObjectId id) {
  if (id >= vars_.size()) vars_.resize(id + 1);
  Stamped<VarState>& v = vars_[id];
  if (v.stamp != stamp_) {
    v.value.write = Epoch{};
    v.value.reads.clear();
    v.stamp = stamp_;
  }
  return v.value;
}

void RaceDetector::on_event(const Event& e, const ExecutionView& view, BugSink& sink) {
  rt::VectorClock& me = thread(e.thread);
  switch (e.op) {
    case Op::spawn: {
      auto child = static_cast<rt::ThreadId>(e.value);
      n_ = std::max(n_, child + 1);
      rt::VectorClock& c = thread(child);
      c.copy_from(thread(e.thread), n_);
      c.set(child, 1);
      thread(e.thread).tick(e.thread);
      break;
    }
    case Op::finish:
      exits_[e.thread].copy_from(me, n_);
      break;
    case Op::join:
      me.join(exits_[static_cast<rt::ThreadId>(e.value)], n_);
      break;
    case Op::lock:
      acquire_lock(e.object, me);
      break;
    case Op::try_lock:
    case Op::timed_lock:
      if (e.value != 0) acquire_lock(e.object, me);
      break;
    case Op::lock_shared:
      me.join(sync(e.object), n_);
      break;
    case Op::try_lock_shared:
      if (e.value != 0) me.join(sync(e.object), n_);
      break;
    case Op::unlock_shared:
      readers(e.object).join(me, n_);
      me.tick(e.thread);
      break;
    case Op::unlock:
    case Op::release:
    case Op::count_down:
    case Op::set:
    case Op::clear:
      sync(e.object).join(me, n_);
      me.tick(e.thread);
      break;
    case Op::acquire:
    case Op::await:
      me.join(sync(e.object), n_);
      break;
    case Op::try_acquire:
    case Op::try_wait:
    case Op::is_set:
      if (e.value != 0) me.join(sync(e.object), n_);
      break;
    case Op::arrive:
    case Op::drop: {
      // why a clock of its own: a thread of the next phase may arrive before a waiter of this
      // phase returns; that waiter must not be ordered after the later arrival.
      rt::VectorClock& a = arrivals(e.object);
      a.join(me, n_);
      me.tick(e.thread);
      if (e.value == 0) me.join(a, n_);  // the last arrival runs the completion after them all
      break;
    }
    case Op::complete:
      sync(e.object).join(me, n_);
      arrivals(e.object).clear(n_);
      me.tick(e.thread);
      break;
    case Op::load:
      if ((e.value & rt::kNoAcquire) != 0) {
        fence_acquires_[e.thread].join(sync(e.object), n_);
      } else {
        me.join(sync(e.object), n_);
      }
      break;
    case Op::store:
    case Op::rmw:
      atomic_write(e, me);
      break;
    case Op::fence:
      fence(e, me);
      break;
    case Op::send:
    case Op::receive:
    case Op::close:
    case Op::co_lock:
    case Op::co_unlock: {
      rt::VectorClock& a = sync(e.object);
      me.join(a, n_);
      a.join(me, n_);
      me.tick(e.thread);
      break;
    }
    case Op::read:
      on_read(e, view, sink);
      break;
    case Op::write:
      on_write(e, view, sink);
      break;
    default:
      break;
  }
}

void RaceDetector::atomic_write(const Event& e, rt::VectorClock& me) {
  rt::VectorClock& a = sync(e.object);
  if ((e.value & rt::kNoAcquire) == 0) {
    me.join(a, n_);  // a read-modify-write's read, or any seq_cst access (see rt::kNoAcquire)
  } else if (e.op == Op::rmw) {
    fence_acquires_[e.thread].join(a, n_);
  }
  if ((e.value & rt::kNoRelease) == 0) {
    a.join(me, n_);
    me.tick(e.thread);
  } else {
    // why keep what `a` holds: a later acquire still synchronises with the release this relaxed
    // write follows (a release sequence), and forgetting it could only add reports.
    a.join(fence_releases_[e.thread], n_);
  }
}

void RaceDetector::fence(const Event& e, rt::VectorClock& me) {
  if ((e.value & rt::kNoAcquire) == 0) me.join(fence_acquires_[e.thread], n_);
  if ((e.value & rt::kNoRelease) == 0) {
    fence_releases_[e.thread].copy_from(me, n_);
    me.tick(e.thread);
  }
}

void RaceDetector::on_read(const Event& e, const ExecutionView& view, BugSink& sink) {
  VarState& v = var(e.object);
  if (v.write.thread != rt::kNoThread && v.write.thread != e.thread && !ordered(v.write, e.thread)) {
    race(v.write, true, e, view, sink);
  }
  Epoch now{e.thread, thread(e.thread).get(e.thread), e.site};
  for (Epoch& r : v.reads) {
    if (r.thread == e.thread) {
      r = now;
      return;
    }
  }
  v.reads.push_back(now);
}

void RaceDetector::on_write(const Event& e, const ExecutionView& view, BugSink& sink) {
  VarState& v = var(e.object);
  if (v.write.thread != rt::kNoThread && v.write.thread != e.thread && !ordered(v.write, e.thread)) {
    race(v.write, true, e, view, sink);
  }
  for (const Epoch& r : v.reads) {
    if (r.thread != e.thread && !ordered(r, e.thread)) race(r, false, e, view, sink);
  }
  v.reads.clear();
  v.write = Epoch{e.thread, thread(e.thread).get(e.thread), e.site};
}

void RaceDetector::race(const Epoch& earlier, bool earlier_write, const Event& now, const ExecutionView& view,
                        BugSink& sink) {
  BugDraft bug;
  bug.kind = BugKind::data_race;
  bug.message = fmt::format(
      "data race on '{}': thread {} {} it at {} and thread {} {} it at {}, with no synchronisation between them",
      view.object_name(now.object), earlier.thread, earlier_write ? "wrote" : "read", rt::short_site(earlier.site),
      now.thread, now.op == Op::write ? "writes" : "reads", rt::short_site(now.site));
  bug.sites = {earlier.site, now.site};
  sink.report(std::move(bug));
}

}  // namespace braid::detect
