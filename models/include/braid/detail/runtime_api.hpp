// The narrow interface between the model facades (models/) and the checker that owns their
// state. Every function here is a visible operation: it is a scheduling point of the current
// execution. Calling one outside a Braid test throws braid::usage_error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <source_location>
#include <stdexcept>

namespace braid {

// Thrown when a Braid primitive is used where no Braid execution is running.
class usage_error : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace braid

namespace braid::detail {

using loc_t = std::source_location;

enum class ObjectKind : std::uint8_t {
  mutex,
  recursive_mutex,
  condition_variable,
  atomic,
  var,
  counting_semaphore,
  binary_semaphore,
  bounded_semaphore,
  latch,
  barrier,
  event,
  shared_mutex,
  timed_mutex,
  // Coroutines (braid/task.hpp): an executor (its thread waits on it when no coroutine is
  // ready), a coroutine activation (named by its function), a channel and an async_mutex.
  executor,
  coroutine,
  channel,
  async_mutex,
};

// What a facade tells the checker about itself. Lives in the facade; the checker copies the
// strings it needs into reports.
struct ObjectDecl {
  ObjectKind kind;
  const char* name;  // user-given name or nullptr
  loc_t declared_at;
  // Counting primitives only: the counter's initial value (permits, latch count, barrier
  // participants) and a semaphore's bound (a release above it is misuse).
  std::int64_t initial = 0;
  std::int64_t limit = 0;
};

// A facade's link to its checker-owned state. The state belongs to one execution; when the
// generation differs from the running execution's, the checker registers the object afresh
// (so a facade that outlives an execution, e.g. a global, still works).
struct Handle;
// Gives a handle constructed inside an execution its birth key (see Handle::birth).
void note_birth(Handle& h) noexcept;

struct Handle {
  Handle() noexcept { note_birth(*this); }
  std::uint64_t generation = 0;
  std::uint32_t index = 0;
  // Who made the object: (thread + 1) << 32 | how many objects that thread had made before, in
  // the execution `birth_generation`. why: an object's index depends on the order in which
  // threads first use it, which differs between interleavings; its birth does not (each
  // thread runs its own code in program order), so partial-order reduction names objects by it.
  std::uint64_t birth_generation = 0;
  std::uint64_t birth = 0;
};

// A thread body, type-erased without a copy requirement.
struct Task {
  virtual ~Task() = default;
  virtual void run() = 0;
};

enum class Access : std::uint8_t { load, store, rmw };

// Threads.
std::uint32_t thread_spawn(std::unique_ptr<Task> body, loc_t loc);
void thread_join(std::uint32_t tid, std::uint64_t generation, loc_t loc);
void thread_detach(std::uint32_t tid, std::uint64_t generation, loc_t loc);
// A braid::thread destroyed while still joinable.
void thread_dropped(std::uint32_t tid, std::uint64_t generation, loc_t loc);
std::uint64_t current_generation();
std::uint32_t current_thread();
void yield(loc_t loc);

// Mutexes (plain and recursive share one implementation on the waitable object).
void mutex_lock(Handle& h, const ObjectDecl& d, loc_t loc);
bool mutex_try_lock(Handle& h, const ObjectDecl& d, loc_t loc);
void mutex_unlock(Handle& h, const ObjectDecl& d, loc_t loc);
// A timed_mutex's try_lock_for / try_lock_until: no real time passes. The call is a scheduling
// point that can always run: chosen while the mutex is free it acquires it, chosen while another
// thread holds it it times out (returns false).
bool mutex_try_lock_timed(Handle& h, const ObjectDecl& d, loc_t loc);

// shared_mutex's shared side (its exclusive side is mutex_lock / mutex_try_lock / mutex_unlock).
void shared_mutex_lock_shared(Handle& h, const ObjectDecl& d, loc_t loc);
bool shared_mutex_try_lock_shared(Handle& h, const ObjectDecl& d, loc_t loc);
void shared_mutex_unlock_shared(Handle& h, const ObjectDecl& d, loc_t loc);

// Condition variables: wait releases the mutex, blocks until notified (or, as an explored
// choice, woken spuriously) and re-acquires the mutex.
void cv_wait(Handle& cv, const ObjectDecl& cvd, Handle& m, const ObjectDecl& md, loc_t loc);
void cv_notify(Handle& cv, const ObjectDecl& d, bool all, loc_t loc);
// wait_for / wait_until: no real time passes. The waiter may also wake because its time ran
// out, an explored choice open at any point; returns false then (true when notified).
bool cv_wait_timed(Handle& cv, const ObjectDecl& cvd, Handle& m, const ObjectDecl& md, loc_t loc);
// this_thread::sleep_for / sleep_until: modelled time; every other thread may run first.
void sleep(loc_t loc);
// Declares thread `tid` a daemon: it may still be running when the test ends.
void thread_daemon(std::uint32_t tid, std::uint64_t generation, loc_t loc);
// A primitive of models/ found a misuse (e.g. task_done called too often): reported as misuse.
[[noreturn]] void misuse(const char* what, loc_t loc);

// Counting primitives, on the waitable object's counter. A release / count_down / arrive / set
// synchronises with the acquire / wait it enables.
void semaphore_acquire(Handle& h, const ObjectDecl& d, loc_t loc);
bool semaphore_try_acquire(Handle& h, const ObjectDecl& d, loc_t loc);
void semaphore_release(Handle& h, const ObjectDecl& d, std::int64_t n, loc_t loc);
void latch_count_down(Handle& h, const ObjectDecl& d, std::int64_t n, loc_t loc);
bool latch_try_wait(Handle& h, const ObjectDecl& d, loc_t loc);
void latch_wait(Handle& h, const ObjectDecl& d, loc_t loc);
// Returns true when the caller is the last to arrive in the phase: it then runs the completion
// function and calls barrier_complete, which releases the phase's waiters. Otherwise a caller
// that did not drop out waits with barrier_wait for the phase it arrived in to complete.
bool barrier_arrive(Handle& h, const ObjectDecl& d, bool drop, loc_t loc);
void barrier_complete(Handle& h, const ObjectDecl& d, loc_t loc);
void barrier_wait(Handle& h, const ObjectDecl& d, loc_t loc);
void event_set(Handle& h, const ObjectDecl& d, loc_t loc);
void event_clear(Handle& h, const ObjectDecl& d, loc_t loc);
bool event_is_set(Handle& h, const ObjectDecl& d, loc_t loc);
void event_wait(Handle& h, const ObjectDecl& d, loc_t loc);
// Timed waits: no real time passes, and the duration or time point is not looked at. Timing out
// is an explored choice, open at any point while the wait cannot proceed.
// counting_semaphore::try_acquire_for / try_acquire_until: a scheduling point that can always
// run; chosen while a permit is left it takes it (true), chosen while none is left it times out
// (false), like a timed_mutex's timed try-lock.
bool semaphore_try_acquire_timed(Handle& h, const ObjectDecl& d, loc_t loc);
// event::wait_for / wait_until: waits like event_wait (true once the event opens for this
// waiter), but may also time out while the event stays clear (false).
bool event_wait_timed(Handle& h, const ObjectDecl& d, loc_t loc);

// Memory: the value lives in the facade; the checker schedules and tracks happens-before.
// `pc` is the caller's return address, given by operators (which cannot take a defaulted
// source location); the report resolves it to file:line through the debug info.
void atomic_access(Handle& h, const ObjectDecl& d, Access a, loc_t loc, const void* pc = nullptr);
void var_access(Handle& h, const ObjectDecl& d, bool write, loc_t loc, const void* pc = nullptr);

// Coroutines (braid/task.hpp). An executor runs the ready coroutines of one modelled thread.
// Which ready coroutine resumes next is a choice the checker explores: returns an index in
// [0, n). With two or more it is a scheduling point on the executor `h` (so the choice belongs
// to this thread's step), which no other thread's operation depends on.
std::size_t coro_choose(Handle& h, const ObjectDecl& d, std::size_t n, loc_t loc);
// The executor `h` has no ready coroutine: its thread blocks until coro_wake(h) (a coroutine of
// it was made ready by another thread). `awaiting` says what its suspended coroutines wait for,
// for the deadlock report when nothing ever wakes it.
void coro_idle(Handle& h, const ObjectDecl& d, const char* awaiting, loc_t loc);
void coro_wake(Handle& h, const ObjectDecl& d, loc_t loc);
// The executor running on the calling modelled thread (nullptr outside braid::block_on).
void*& coro_executor_slot();
// A channel or async_mutex operation: a scheduling point that synchronises with the previous
// operations on the same object, like an atomic read-modify-write.
enum class CoroOp : std::uint8_t { send, receive, close, lock, unlock };
void coro_sync(Handle& h, const ObjectDecl& d, CoroOp op, loc_t loc);
// Trace and reentrancy events (no scheduling point): activation `h` (kind coroutine, named by
// its function) resumes, or suspends at `loc` (or at return address `pc`, when given: a
// co_await of a task, whose operator cannot take a source location).
void coro_resumed(Handle& activation, const ObjectDecl& d, loc_t loc, const void* pc = nullptr);
void coro_suspended(Handle& activation, const ObjectDecl& d, loc_t loc, const void* pc = nullptr);

[[noreturn]] void assertion_failed(const char* expression, loc_t loc);

}  // namespace braid::detail
