#include "checker/strategy/dpor_events.hpp"

#include <algorithm>

namespace braid::strategy::dpor {
namespace {

constexpr std::uint64_t kExitKey = std::uint64_t{0x7E} << 56;
constexpr std::uint64_t kThreadsKey = std::uint64_t{0x7D} << 56;

bool touches(const Sig& s, std::uint32_t slot) {
  for (std::uint8_t i = 0; i < s.count; ++i) {
    if (s.access[i].slot == slot) return true;
  }
  return false;
}

}  // namespace

bool dependent(const Sig& a, const Sig& b) {
  if (a.global || b.global) return true;
  for (std::uint8_t i = 0; i < a.count; ++i) {
    for (std::uint8_t j = 0; j < b.count; ++j) {
      if (a.access[i].key == b.access[j].key && (a.access[i].mode == Mode::write || b.access[j].mode == Mode::write)) {
        return true;
      }
    }
  }
  return false;
}

Sig sig_of(rt::ThreadId t, const PendingStep& p) {
  using rt::Op;
  Sig s;
  s.thread = t;
  s.op = p.op;
  switch (p.op) {
    case Op::spawn:
      // why a write: thread ids are handed out in spawn order, so spawns must keep their order.
      s.add(kThreadsKey, kThreadsSlot, Mode::write);
      break;
    case Op::join:
      s.add(kExitKey | p.target, kExitSlot | p.target, Mode::read);
      break;
    case Op::load:
    case Op::read:
    // A shared_mutex's shared side reads it: readers commute with each other (taking, trying
    // and releasing it shared), never with the exclusive side, which writes it.
    case Op::lock_shared:
    case Op::try_lock_shared:
    case Op::unlock_shared:
      s.add(p.key, p.object, Mode::read);
      break;
    case Op::store:
    case Op::rmw:
    case Op::write:
    // Channel and async_mutex operations synchronise like a read-modify-write.
    case Op::send:
    case Op::receive:
    case Op::close:
    case Op::co_lock:
    case Op::co_unlock:
    // An executor's choice touches only the executor, which belongs to one thread.
    case Op::choose:
    // A call of a library function with hidden state writes that state.
    case Op::call:
    // Every exclusive mutex operation writes the mutex: try_lock and timed_lock too, since
    // whether they acquire depends on the order.
    case Op::lock:
    case Op::try_lock:
    case Op::unlock:
    case Op::timed_lock:
      s.add(p.key, p.object, Mode::write);
      break;
    default:
      // Condition variables, yields, detaches and the counting primitives: global (see Sig).
      s.global = true;
      if (p.object != rt::kNoObject) s.add(p.key, p.object, Mode::write);
      if (p.aux != rt::kNoObject) s.add(p.aux_key, p.aux, Mode::write);
      break;
  }
  return s;
}

void finish(Sig& s) {
  // A thread's last event also ends it: joins of it depend on that; and the test's end (thread
  // 0's) looks at every thread.
  if (s.thread == 0) s.global = true;
  s.add(kExitKey | s.thread, kExitSlot | s.thread, Mode::write);
}

Analysis::ObjectState& Analysis::state(std::uint32_t slot) {
  if (slot == kThreadsSlot) return threads_;
  std::vector<ObjectState>& v = (slot & kExitSlot) != 0 ? exits_ : objects_;
  std::uint32_t i = slot & ~kExitSlot;
  if (i >= v.size()) v.resize(i + 1);
  return v[i];
}

void Analysis::join(std::uint32_t* into, std::size_t e) const {
  const std::uint32_t* c = clock(e);
  for (std::uint32_t t = 0; t < width_; ++t) into[t] = std::max(into[t], c[t]);
}

void Analysis::dependencies(std::size_t j, std::vector<std::uint32_t>& deps) {
  const Sig& s = events_[j].sig;
  for (std::uint8_t i = 0; i < s.count; ++i) {
    ObjectState& st = state(s.access[i].slot);
    if (st.last_write >= 0) deps.push_back(static_cast<std::uint32_t>(st.last_write));
    if (s.access[i].mode == Mode::write) deps.insert(deps.end(), st.reads.begin(), st.reads.end());
  }
  if (last_global_ >= 0) deps.push_back(static_cast<std::uint32_t>(last_global_));
  if (s.global) {
    for (std::int64_t e : since_global_) {
      if (e >= 0) deps.push_back(static_cast<std::uint32_t>(e));
    }
  }
  std::sort(deps.begin(), deps.end());
  deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
}

void Analysis::update(std::size_t j) {
  const Event& ev = events_[j];
  const Sig& s = ev.sig;
  for (std::uint8_t i = 0; i < s.count; ++i) {
    ObjectState& st = state(s.access[i].slot);
    if (s.access[i].mode == Mode::read) {
      st.reads.push_back(static_cast<std::uint32_t>(j));
    } else {
      st.last_write = static_cast<std::int64_t>(j);
      st.reads.clear();
    }
  }
  if (ev.sig.op == rt::Op::lock_shared || (ev.sig.op == rt::Op::try_lock_shared && ev.outer_acquire)) {
    state(ev.object).shared_since.push_back(static_cast<std::uint32_t>(j));
  } else if (ev.outer_acquire) {
    ObjectState& m = state(ev.object);
    m.last_exclusive = static_cast<std::int64_t>(j);
    m.shared_since.clear();
  }
  if (s.global) {
    last_global_ = static_cast<std::int64_t>(j);
    std::fill(since_global_.begin(), since_global_.end(), -1);
  } else {
    since_global_[s.thread] = static_cast<std::int64_t>(j);
  }
}

Reversal Analysis::reversal(std::size_t e, std::size_t j) const {
  // notdep(e).j: the events between e and j that do not happen after e, then j.
  Reversal r{e, {}};
  for (std::size_t i = e + 1; i < std::min(j, performed_); ++i) {
    if (!happens_before(e, i)) r.sequence.push_back(static_cast<std::uint32_t>(i));
  }
  r.sequence.push_back(static_cast<std::uint32_t>(j));
  return r;
}

void Analysis::races(std::size_t j, const std::vector<std::uint32_t>& deps, const std::uint32_t* before,
                     std::vector<Reversal>& out) {
  const Event& ev = events_[j];
  // A blocking operation cannot be moved before the event that let it go on (the release of
  // the mutex it waited for, the end of the thread it joined): those races are not reversible.
  bool exclusive = ev.sig.op == rt::Op::lock && ev.outer_acquire;
  bool shared = ev.sig.op == rt::Op::lock_shared;
  std::uint32_t blocked_on = 0xffffffffU;
  if (exclusive || shared) blocked_on = ev.object;
  if (ev.sig.op == rt::Op::join) blocked_on = ev.sig.access[0].slot;
  auto covered_by_others = [&](std::size_t e, std::span<const std::uint32_t> others) {
    for (std::uint32_t d : others) {
      if (d != e && (blocked_on == 0xffffffffU || !touches(events_[d].sig, blocked_on)) && covered(e, clock(d))) {
        return true;
      }
    }
    return false;
  };
  for (std::uint32_t e : deps) {
    if (blocked_on != 0xffffffffU && touches(events_[e].sig, blocked_on)) continue;
    if (events_[e].sig.thread == ev.sig.thread || covered(e, before) || covered_by_others(e, deps)) continue;
    out.push_back(reversal(e, j));
  }
  if (!exclusive && !shared) return;
  // why: a lock races with the acquisitions whose holders it waited for, not with their
  // releases: reversed, it takes the mutex first, where the mutex was free (Abdulla et al.
  // treat locks the same way). An exclusive lock races with the last exclusive acquisition and
  // every shared one since; a shared lock only with the last exclusive one (shared ones commute).
  const ObjectState& m = state(ev.object);
  candidates_.clear();
  if (m.last_exclusive >= 0) candidates_.push_back(static_cast<std::uint32_t>(m.last_exclusive));
  if (exclusive) candidates_.insert(candidates_.end(), m.shared_since.begin(), m.shared_since.end());
  for (std::uint32_t c : candidates_) {
    if (events_[c].sig.thread == ev.sig.thread || covered(c, before)) continue;
    if (covered_by_others(c, deps)) continue;
    bool through_other = false;
    for (std::uint32_t c2 : candidates_) through_other = through_other || (c2 != c && covered(c, clock(c2)));
    if (!through_other) out.push_back(reversal(c, j));
  }
}

std::vector<Reversal> Analysis::run(std::span<const Event> events, std::uint32_t threads, std::size_t from,
                                    std::size_t performed) {
  events_ = events;
  performed_ = performed;
  // why: the events before `from` are the last execution's (the same prefix of the search), so
  // their clocks are still right, as long as the clock width is the same.
  std::size_t reuse = threads == width_ ? std::min({from, valid_, performed}) : 0;
  width_ = threads;
  clocks_.resize(events.size() * width_);
  // Reset in place: the states' vectors keep their capacity across executions.
  for (std::vector<ObjectState>* v : {&objects_, &exits_}) {
    for (ObjectState& st : *v) {
      st.last_write = -1;
      st.last_exclusive = -1;
      st.reads.clear();
      st.shared_since.clear();
    }
  }
  threads_.last_write = -1;
  threads_.reads.clear();
  last_global_ = -1;
  since_global_.assign(width_, -1);
  before_.assign(width_, 0);
  last_.assign(width_, -1);
  spawned_at_.assign(width_, -1);
  std::vector<std::uint32_t>& deps = deps_;
  std::vector<Reversal> out;
  for (std::size_t j = 0; j < events.size(); ++j) {
    const Event& ev = events[j];
    rt::ThreadId t = ev.sig.thread;
    if (j >= reuse) {
      std::uint32_t* c = clock(j);
      std::int64_t prev = last_[t] >= 0 ? last_[t] : spawned_at_[t];
      if (prev >= 0) {
        std::copy_n(clock(static_cast<std::size_t>(prev)), width_, c);
      } else {
        std::fill_n(c, width_, 0);
      }
      c[t] = ev.local;
      std::copy_n(c, width_, before_.data());
      deps.clear();
      dependencies(j, deps);
      for (std::uint32_t d : deps) join(c, d);
      if (j >= from) races(j, deps, before_.data(), out);
    }
    if (j >= performed) continue;  // never ran: it changes nothing the next events see
    update(j);
    last_[t] = static_cast<std::int64_t>(j);
    if (ev.spawned != rt::kNoThread) spawned_at_[ev.spawned] = static_cast<std::int64_t>(j);
  }
  valid_ = performed;
  return out;
}

}  // namespace braid::strategy::dpor
