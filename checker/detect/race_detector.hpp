// Happens-before data-race detection on braid::var<T> accesses, with vector clocks (in the manner
// of FastTrack: one epoch for the last write, one per thread for reads since it). Synchronisation
// comes from thread spawn/join, mutex unlock->lock, atomic accesses (release/acquire), and the
// counting primitives: semaphore release->acquire, latch count_down->wait, event set->wait, and
// barrier arrivals->completion->the phase's waits. A relaxed atomic access synchronises only
// through its thread's fences: a relaxed read's clock is acquired at the thread's next acquire
// fence, and a relaxed write publishes the thread's clock as of its last release fence. A shared_mutex's unlock
// synchronises with every later lock and lock_shared; its unlock_shared only with later exclusive locks (readers are
// not ordered with one another).
#pragma once

#include <cstdint>
#include <vector>

#include "checker/detect/detector.hpp"
#include "checker/runtime/vector_clock.hpp"

namespace braid::detect {

class RaceDetector final : public Detector {
 public:
  RaceDetector();
  void reset() override;
  void on_event(const rt::Event& e, const ExecutionView& view, BugSink& sink) override;

 private:
  struct Epoch {
    rt::ThreadId thread = rt::kNoThread;
    std::uint32_t clock = 0;
    rt::Site site;
  };
  struct VarState {
    Epoch write;
    std::vector<Epoch> reads;  // reads since the last write, at most one per thread
  };

  VarState& var(rt::ObjectId id);
  rt::VectorClock& sync(rt::ObjectId id);
  rt::VectorClock& arrivals(rt::ObjectId id);
  rt::VectorClock& readers(rt::ObjectId id);
  // An exclusive lock: after the last unlock, and after every unlock_shared if it is a shared_mutex.
  void acquire_lock(rt::ObjectId id, rt::VectorClock& me);
  rt::VectorClock& thread(rt::ThreadId t) { return threads_[t]; }
  bool ordered(const Epoch& before, rt::ThreadId now) { return before.clock <= thread(now).get(before.thread); }
  void on_read(const rt::Event& e, const ExecutionView& view, BugSink& sink);
  void on_write(const rt::Event& e, const ExecutionView& view, BugSink& sink);
  void race(const Epoch& earlier, bool earlier_write, const rt::Event& now, const ExecutionView& view, BugSink& sink);
  // An atomic store or read-modify-write (see rt::kNoAcquire); a fence.
  void atomic_write(const rt::Event& e, rt::VectorClock& me);
  void fence(const rt::Event& e, rt::VectorClock& me);

  std::uint32_t n_ = 1;                   // threads so far
  std::vector<rt::VectorClock> threads_;  // kMaxThreads of them, allocated once
  std::vector<rt::VectorClock> exits_;    // each thread's clock when it finished
  // Per thread: what its relaxed reads saw, acquired at its next acquire fence; its clock at its
  // last release fence, which its relaxed writes publish.
  std::vector<rt::VectorClock> fence_acquires_;
  std::vector<rt::VectorClock> fence_releases_;
  // Per-object state, valid only when its stamp is this execution's (reset is O(1)).
  template <class T>
  struct Stamped {
    T value{};
    std::uint64_t stamp = 0;
  };
  std::uint64_t stamp_ = 1;
  std::vector<Stamped<rt::VectorClock>> sync_;      // per object: mutex release / atomic clocks
  std::vector<Stamped<rt::VectorClock>> arrivals_;  // per barrier: arrivals in the open phase
  std::vector<Stamped<rt::VectorClock>> readers_;   // per shared_mutex: its unlock_shared clocks
  std::vector<Stamped<VarState>> vars_;
};

}  // namespace braid::detect
