// The event record: every visible operation of a modelled thread produces one Event, which the
// detectors observe (and the trace recorder keeps, when a trace is wanted).
#pragma once

#include <cstdint>
#include <source_location>

namespace braid::rt {

using ThreadId = std::uint32_t;
using ObjectId = std::uint32_t;
inline constexpr ThreadId kNoThread = 0xffffffffU;
inline constexpr ObjectId kNoObject = 0xffffffffU;

enum class Op : std::uint8_t {
  begin,   // a thread starts running its body
  spawn,   // value = the new thread
  join,    // value = the joined thread
  detach,  // value = the detached thread
  finish,  // a thread's body returned
  yield,
  lock,      // acquired (value = recursion depth after)
  try_lock,  // value = 1 if acquired
  unlock,    // value = recursion depth after
  wait,      // on a condition variable (the mutex is released first)
  wake,      // woken from a wait: value 0 notified, 1 spurious, kTimedOut (see below)
  notify_one,
  notify_all,
  load,
  store,
  rmw,
  read,   // var<T>
  write,  // var<T>
  // Counting primitives (semaphores, latch, barrier, event), on the waitable object's counter.
  acquire,      // semaphore: a permit taken (value = permits left)
  try_acquire,  // value = 1 if a permit was taken
  release,      // semaphore: value = permits released
  count_down,   // latch: value = the count after
  arrive,       // barrier: value = arrivals the phase still needs (0: the caller completes it)
  drop,         // barrier arrive_and_drop: value as for arrive
  complete,     // barrier: the last arrival ran the completion; value = the phase completed
  set,          // event
  clear,        // event
  is_set,       // event: value = 1 if set
  try_wait,     // latch: value = 1 if open
  await,        // a wait on a latch, barrier or event returned (pending: it blocks until open)
  // shared_mutex's shared side (its exclusive side is lock / try_lock / unlock).
  lock_shared,      // value = readers after
  try_lock_shared,  // value = 1 if acquired
  unlock_shared,    // value = readers after
  timed_lock,       // timed_mutex try_lock_for/until: value = 1 if acquired, 0 if timed out
  sleep,            // this_thread::sleep_for/until: modelled time, a yield to every other thread
  // Coroutines: channel and async_mutex operations synchronise like a read-modify-write.
  send,
  receive,
  close,
  co_lock,
  co_unlock,
  // An executor chooses which of its ready coroutines resumes (value: its index among them).
  choose,
  // Trace events without a scheduling point: a coroutine activation (object) resumes / suspends.
  resume,
  suspend,
  // A call of a library function that keeps hidden state in `object` (strtok's cursor,
  // localtime's result): a scheduling point that writes that state and synchronises nothing, as
  // the library takes no lock. why an op of its own: an atomic would order the callers (hiding
  // their data races), a var would make every two calls a data race.
  call,
  // A thread fence (atomic_thread_fence in an unmodified program), also without a scheduling
  // point: value as for an atomic access (kNoAcquire, kNoRelease).
  fence,
};

// The value of an atomic load / store / rmw event and of a fence: the sides of release/acquire
// synchronisation it lacks. 0, both sides, is every braid::atomic operation and every seq_cst one
// (as for braid::atomic, a seq_cst store acquires too). A relaxed operation is kNoAcquire |
// kNoRelease: it orders nothing by itself, only through the thread's fences.
inline constexpr std::int64_t kNoAcquire = 1;
inline constexpr std::int64_t kNoRelease = 2;

// Op::wake's value when a timed wait (a condition variable's wait_for, a semaphore's
// try_acquire_for, an event's wait_for) ran out of time instead. why a wake and not an op of its
// own: a timeout synchronises with nothing, which is what every detector already does for a wake.
inline constexpr std::int64_t kTimedOut = 2;

const char* to_string(Op op);

// Where an operation happened: a source location, or a return address resolved later.
struct Site {
  std::source_location loc;
  const void* pc = nullptr;
};

struct Event {
  ThreadId thread = kNoThread;
  Op op = Op::begin;
  ObjectId object = kNoObject;
  std::int64_t value = 0;
  Site site;
};

}  // namespace braid::rt
