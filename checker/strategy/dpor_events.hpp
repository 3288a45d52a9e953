// What partial-order reduction knows of events: which objects an event touches and how (its
// signature), when two events are dependent, and the analysis of one finished execution:
// happens-before as vector clocks, and the reversible races whose reversal must be explored.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "checker/runtime/event.hpp"
#include "checker/strategy/strategy.hpp"

namespace braid::strategy::dpor {

enum class Mode : std::uint8_t { read, write };

// One object an event touches. `key` names the object in every execution (dependence between
// events of different executions compares keys); `slot` indexes this execution's
// per-object state in the analysis.
struct Access {
  std::uint64_t key = 0;
  std::uint32_t slot = 0;
  Mode mode = Mode::read;
};

// An event's signature. Two events of different threads are dependent when either is global or
// they touch one object and one of them writes it. why global: operations whose effect or
// enabledness depends on the state of the whole execution (a condition-variable wake-up, which
// may be spurious only while another thread can run; a yield, which lets every other thread go
// first; the end of the test, which looks at every thread; the counting primitives) are
// ordered against everything: sound, and only less reduced.
struct Sig {
  rt::ThreadId thread = rt::kNoThread;
  rt::Op op = rt::Op::begin;
  bool global = false;
  std::uint8_t count = 0;
  Access access[3];

  void add(std::uint64_t key, std::uint32_t slot, Mode mode) { access[count++] = Access{key, slot, mode}; }
};

bool dependent(const Sig& a, const Sig& b);

// Slots of the per-execution state that are not objects.
inline constexpr std::uint32_t kExitSlot = 0x80000000U;     // | thread: a thread's end (join reads it)
inline constexpr std::uint32_t kThreadsSlot = 0xC0000000U;  // the thread table (spawns write it)

// The signature of the operation `p` that thread t is about to perform.
Sig sig_of(rt::ThreadId t, const PendingStep& p);
// Adds to the signature of a thread's last event what ending the thread touches.
void finish(Sig& s);

// One event of the current execution, as the analysis needs it.
struct Event {
  Sig sig;                               // as performed (a thread's last event also ends it: see finish())
  rt::ObjectId object;                   // for a mutex operation: the mutex (its holder is tracked)
  rt::ObjectId aux;                      // a condition-variable wait: the mutex it released
  std::uint32_t local;                   // 1-based index among its thread's events
  rt::ThreadId spawned = rt::kNoThread;  // a spawn: the new thread
  bool outer_acquire = false;            // took a mutex nobody held
};

// A race to reverse: insert `sequence` (indices of events) into the wakeup tree of node `at`.
struct Reversal {
  std::size_t at;
  std::vector<std::uint32_t> sequence;
};

// Happens-before of one execution: clocks[e * width + t] is how many events of thread t happen
// before or at event e.
class Analysis {
 public:
  // Computes clocks for `events` and returns the races whose later event is at or after `from`
  // (earlier ones were found when their later event was first explored). Events from
  // `performed` on never ran (see Search::add_unperformed): each is analysed as if it ran right
  // after the performed ones, alone; it can only be the later event of a race.
  std::vector<Reversal> run(std::span<const Event> events, std::uint32_t threads, std::size_t from,
                            std::size_t performed);
  bool happens_before(std::size_t a, std::size_t b) const {
    const Event& ea = events_[a];
    return clock(b)[ea.sig.thread] >= ea.local;
  }

 private:
  struct ObjectState {
    std::int64_t last_write = -1;
    // A mutex: the last acquisition that took it exclusively, and the shared acquisitions since.
    std::int64_t last_exclusive = -1;
    std::vector<std::uint32_t> shared_since;
    std::vector<std::uint32_t> reads;  // since last_write
  };
  const std::uint32_t* clock(std::size_t e) const { return &clocks_[e * width_]; }
  std::uint32_t* clock(std::size_t e) { return &clocks_[e * width_]; }
  ObjectState& state(std::uint32_t slot);
  bool covered(std::size_t e, const std::uint32_t* c) const { return c[events_[e].sig.thread] >= events_[e].local; }
  void join(std::uint32_t* into, std::size_t e) const;
  // The events event j may depend on directly: through its objects and the global order.
  void dependencies(std::size_t j, std::vector<std::uint32_t>& deps);
  void update(std::size_t j);
  void races(std::size_t j, const std::vector<std::uint32_t>& deps, const std::uint32_t* before,
             std::vector<Reversal>& out);
  Reversal reversal(std::size_t e, std::size_t j) const;
  std::size_t performed_ = 0;

  std::span<const Event> events_;
  std::uint32_t width_ = 0;
  std::vector<std::uint32_t> clocks_;
  std::size_t valid_ = 0;  // events whose clocks the last run() computed
  std::vector<ObjectState> objects_, exits_;
  ObjectState threads_;
  std::int64_t last_global_ = -1;
  // Per thread, its last event since last_global_ (-1: none). why only the last: a thread's
  // earlier events happen before its later ones, so only the last can be a direct dependency.
  std::vector<std::int64_t> since_global_;
  std::vector<std::uint32_t> before_;            // scratch: an event's clock from program order alone
  std::vector<std::uint32_t> candidates_;        // scratch: the acquisitions a lock may race with
  std::vector<std::uint32_t> deps_;              // scratch: an event's dependencies
  std::vector<std::int64_t> last_, spawned_at_;  // per thread: its last event, its spawn
};

}  // namespace braid::strategy::dpor
