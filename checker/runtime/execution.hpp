// One execution of a test: the modelled threads (fibers on one OS thread), the objects they
// share, and the scheduling point every visible operation passes through. All of its state is
// per-execution and lives here, never in globals; the Runner reuses one Execution (and its
// stacks and buffers) for every execution of an exploration, calling run() each time.
#pragma once

#include <boost/context/fiber.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "braid/detail/runtime_api.hpp"
#include "checker/detect/detector.hpp"
#include "checker/runtime/event.hpp"
#include "checker/runtime/stack_pool.hpp"
#include "checker/runtime/vector_clock.hpp"
#include "checker/strategy/strategy.hpp"

namespace braid::rt {

struct ExecutionConfig {
  std::uint64_t max_steps = 100000;
  unsigned spurious_wakeups = 1;
  bool keep_going = false;  // a data race does not end the execution
};

// The one waitable object: every blocking operation waits on one of these, so the enabled set,
// deadlock detection and wake-up choices are decided in one place (Execution::can_run).
struct Waitable {
  ObjectId object = kNoObject;   // the mutex / condition variable, or none for a thread exit
  ThreadId exit_of = kNoThread;  // set when this is a thread's exit (join waits on it)
  ThreadId owner = kNoThread;    // who holds it; a thread's exit is held until it finishes
  std::uint32_t depth = 0;       // recursive lock depth
  bool recursive = false;
  Site acquired_at;  // where the owner took it
  // A shared_mutex's readers are in count (its exclusive owner in owner).
  // Counting primitives. count: a semaphore's permits; a latch's count; the arrivals a barrier's
  // phase still needs; for an event, 0 while set and 1 while clear (a latch of one that clear()
  // re-arms). A wait on a latch, barrier or event can go on once count is 0 or `phase` has
  // moved past the phase it began in (a barrier's phase completed, an event was set).
  std::int64_t count = 0;
  std::int64_t limit = 0;   // a semaphore's bound; a barrier's participants for the next phase
  std::uint64_t phase = 0;  // barrier: phases completed; event: times set
};

struct ObjectInfo {
  detail::ObjectKind kind;
  const char* name;
  std::source_location declared_at;
  std::uint32_t waitable = 0xffffffffU;  // for every blocking primitive (not atomics, vars)
  std::uint64_t key = 0;                 // the same in every execution (see detail::Handle::birth)
};

struct ThreadState {
  boost::context::fiber ctx;
  detail::Task* body = nullptr;              // what the thread runs
  std::unique_ptr<detail::Task> owned_body;  // owns *body, except for the test body
  // The operation the thread will perform when next chosen; a blocking one names the waitable.
  Op pending = Op::begin;
  std::uint32_t waits_on = 0xffffffffU;
  Site pending_site;
  std::uint32_t exit = 0;  // the waitable released when the thread finishes
  Site created_at;
  bool started = false;
  bool finished = false;
  bool joined = false;
  bool detached = false;
  bool notified = false;         // woken by a notify while in a condition-variable wait
  bool timed = false;            // in a wait that may time out (condition variable, semaphore, event)
  bool daemon = false;           // may still be running when the test ends
  std::uint64_t wait_phase = 0;  // the waitable's phase when a latch/barrier/event wait began
  // Set while a new thread runs eagerly from its spawn to its first visible operation; the
  // thread then hands control straight back to `parent` (see Execution::spawn).
  bool starting = false;
  void* stack_bottom = nullptr;  // for AddressSanitizer's fiber-switch annotations
  std::size_t stack_size = 0;
  ThreadId parent = 0;
  std::uint32_t births = 0;  // objects this thread has constructed (see detail::Handle::birth)
  ObjectId pending_object = kNoObject;  // the object of `pending`, if it has one
  ObjectId pending_aux = kNoObject;     // see Execution::point
  bool parked = false;  // waiting at a scheduling point: `pending` has not been performed yet
  void* executor = nullptr;  // the coroutine executor running on this thread (braid/task.hpp)
  std::string awaiting;      // while its executor idles: what its suspended coroutines await
};

// pruned: the strategy found every continuation redundant and cut the execution short.
enum class ExecutionStatus { done, bug, diverged, error, pruned };

struct Outcome {
  ExecutionStatus status = ExecutionStatus::done;
  std::uint64_t steps = 0;
  std::string error;  // for diverged / error
  std::vector<detect::BugDraft> bugs;
};

class Execution;

// The slot of the OS stack (the runner) in fiber switches: not a modelled thread.
inline constexpr ThreadId kRunnerSlot = kMaxThreads;

// A fiber-switch hook: an extension of the process, not per-execution state (the
// instrumentation runtime installs one to give each modelled thread its own thread-local storage
// and errno: checker/instrument/runtime/tls.cpp). Called on the OS thread that runs the execution,
// just before control passes from `from` to `to`. Either may be kRunnerSlot: `from` is the runner
// exactly once per execution, at its start; `to` is the runner at its end, whether it ended or
// stopped on a bug. `to` runs for the first time when !ex.thread(to).started; `from` is leaving for
// good when ex.thread(from).finished. The hook must not perform operations nor switch fibers.
using SwitchHook = void (*)(void* context, const Execution& ex, ThreadId from, ThreadId to);

// why: a facade finds its execution through this pointer (inline: it is read by every
// operation). It is not per-execution state itself: it only names the execution in charge of
// this OS thread while Execution::run runs.
inline thread_local Execution* current_execution = nullptr;

class Execution final : public detect::BugSink, public detect::ExecutionView, public strategy::StepView {
 public:
  Execution(const ExecutionConfig& config, StackPool& stacks, strategy::TrailBuffer& trail);
  ~Execution() override;
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  // Detectors see every event in the order they were added.
  void add_detector(detect::Detector* d) { detectors_.push_back(d); }
  void set_strategy(strategy::Strategy* s) {
    strategy_ = s;
    every_step_ = s->follows_steps();
    if (every_step_) s->attach(this);
  }

  // Runs `body` as thread 0 until every thread has finished or the execution stops on a bug.
  Outcome run(const std::function<void()>& body);

  // The execution running on this OS thread, or nullptr outside of one.
  static Execution* current() { return current_execution; }
  // Installs the fiber-switch hook (nullptr: none, the default) for every execution of the
  // process; set it while no execution runs. Unset, a switch pays one null check.
  static void set_switch_hook(SwitchHook hook, void* context) {
    switch_hook_ = hook;
    switch_context_ = context;
  }
  std::uint64_t generation() const { return generation_; }
  ThreadId current_thread() const { return current_; }
  std::uint64_t steps() const { return steps_; }
  // The next birth key of the running thread (see detail::Handle::birth).
  std::uint64_t next_birth() {
    ThreadState& me = threads_[current_];
    return (std::uint64_t{current_} + 1) << 32 | me.births++;
  }

  // Visible operations, called on the calling modelled thread (see detail/runtime_api.hpp).
  ThreadId spawn(std::unique_ptr<detail::Task> body, Site site);
  void join(ThreadId target, std::uint64_t generation, Site site);
  // Blocks until thread `target` has finished, without joining it (it may be detached, or joined
  // later by another thread): pthread_exit in main, whose process lives on until its last thread
  // ends. Ordered after the target's end, as a join is.
  void await_exit(ThreadId target, Site site);
  void detach(ThreadId target, std::uint64_t generation, Site site);
  void dropped(ThreadId target, std::uint64_t generation, Site site);
  void yield(Site site);
  void sleep(Site site);
  void daemon(ThreadId target, std::uint64_t generation, Site site);
  [[noreturn]] void misuse(const char* what, Site site);
  void lock(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  bool try_lock(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  void unlock(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  bool timed_lock(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  void lock_shared(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  bool try_lock_shared(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  void unlock_shared(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  // timed: wait_for / wait_until, which may time out (returns false then; true when notified).
  bool cv_wait(detail::Handle& cv, const detail::ObjectDecl& cvd, detail::Handle& m, const detail::ObjectDecl& md,
               Site site, bool timed = false);
  void cv_notify(detail::Handle& cv, const detail::ObjectDecl& d, bool all, Site site);
  void sem_acquire(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  bool sem_try_acquire(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  // try_acquire_for / try_acquire_until: true if it took a permit, false if it timed out.
  bool sem_try_acquire_timed(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  void sem_release(detail::Handle& h, const detail::ObjectDecl& d, std::int64_t n, Site site);
  void latch_count_down(detail::Handle& h, const detail::ObjectDecl& d, std::int64_t n, Site site);
  bool latch_try_wait(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  void latch_wait(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  bool barrier_arrive(detail::Handle& h, const detail::ObjectDecl& d, bool drop, Site site);
  void barrier_complete(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  void barrier_wait(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  void event_set(detail::Handle& h, const detail::ObjectDecl& d, bool set, Site site);
  bool event_is_set(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  // timed: wait_for / wait_until, which may time out while the event is clear (returns false
  // then; true once the event opened for this waiter).
  bool event_wait(detail::Handle& h, const detail::ObjectDecl& d, Site site, bool timed = false);
  // order: the event's value, kNoAcquire / kNoRelease (0 for braid::atomic: both sides).
  void atomic_access(detail::Handle& h, const detail::ObjectDecl& d, detail::Access a, Site site,
                     std::int64_t order = 0);
  // A thread fence: no scheduling point, an event for the detectors (order as for atomic_access).
  void fence(std::int64_t order, Site site);
  // Coroutines (ops_coro.cpp; see detail/runtime_api.hpp).
  std::size_t coro_choose(detail::Handle& h, const detail::ObjectDecl& d, std::size_t n, Site site);
  void coro_idle(detail::Handle& h, const detail::ObjectDecl& d, const char* awaiting, Site site);
  void coro_wake(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  void*& coro_executor_slot() { return threads_[current_].executor; }
  void coro_sync(detail::Handle& h, const detail::ObjectDecl& d, detail::CoroOp op, Site site);
  void coro_mark(Op op, detail::Handle& activation, const detail::ObjectDecl& d, Site site);
  void var_access(detail::Handle& h, const detail::ObjectDecl& d, bool write, Site site);
  // A call of a library function whose hidden state is `h` (see Op::call).
  void library_call(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  [[noreturn]] void assertion_failed(const char* expression, Site site);

  // BugSink: records the bug; stops the execution unless it may go on (see BugSink).
  void report(detect::BugDraft bug) override;
  // ExecutionView.
  std::uint32_t thread_count() const override { return static_cast<std::uint32_t>(nthreads_); }
  std::string object_name(ObjectId id) const override;
  std::uint64_t object_key(ObjectId id) const override { return objects_[id].key; }
  // StepView (for strategies that follow every step).
  strategy::PendingStep pending(ThreadId t) const override;
  bool finished(ThreadId t) const override { return threads_[t].finished; }
  bool held(ObjectId id) const override;

  // Read-only access for the deadlock analysis and messages.
  const ThreadState& thread(ThreadId t) const { return threads_[t]; }
  const Waitable& waitable(std::uint32_t w) const { return waitables_[w]; }
  const ObjectInfo& object(ObjectId id) const { return objects_[id]; }
  std::uint32_t object_count() const { return static_cast<std::uint32_t>(objects_.size()); }
  // How many times thread t holds shared_mutex `id` shared (0: not a reader), and where it first
  // took it.
  std::uint32_t shared_holds(ObjectId id, ThreadId t, Site* at = nullptr) const;

 private:
  boost::context::fiber& slot(ThreadId t);
  ObjectId resolve(detail::Handle& h, const detail::ObjectDecl& d);
  std::uint32_t new_waitable(ObjectId object, ThreadId exit_of);
  ThreadId create_thread(detail::Task* body, Site site);
  // The body of every fiber: runs the thread, then returns the fiber to continue with.
  boost::context::fiber thread_entry(ThreadId self);
  bool can_run(ThreadId t) const;
  // The scheduling point: `op` is pending on the current thread; returns once it may perform it.
  // `aux`: a second object the operation touches (the mutex a condition-variable wait releases).
  void point(Op op, ObjectId object, Site site, std::uint32_t waits_on = 0xffffffffU, ObjectId aux = kNoObject);
  // The next thread to run among those that can, or kNoThread when none can.
  ThreadId choose(bool exclude_current);
  std::uint32_t pick_from(const std::vector<std::uint32_t>& options);
  // Which of `waiters` a notify_one wakes (a choice that schedules nothing).
  std::uint32_t pick_waiter(const std::vector<std::uint32_t>& waiters);
  void record_choice(std::size_t index, const std::vector<std::uint32_t>& options);
  void switch_to(ThreadId next);
  void notify_switch(ThreadId from, ThreadId to) const {
    if (switch_hook_ != nullptr) switch_hook_(switch_context_, *this, from, to);
  }
  void emit(Op op, ObjectId object, std::int64_t value, Site site);
  void end_of_test();
  Waitable& waitable_of(ObjectId id) { return waitables_[objects_[id].waitable]; }
  // resolve() for a counting primitive; a first use checks the initial count it was given.
  ObjectId resolve_counter(detail::Handle& h, const detail::ObjectDecl& d, Site site);
  // Blocks the current thread until the latch/barrier/event `id` opens (see Waitable::count);
  // a timed wait may instead time out at any point while it stays closed. Returns whether it
  // opened.
  bool await_open(ObjectId id, std::uint64_t phase, Site site, bool timed = false);
  void release_mutex(ObjectId id, Site site);
  // A reader's hold on a shared_mutex (Waitable::count is the readers in all).
  struct SharedHold {
    ObjectId object = kNoObject;
    ThreadId thread = kNoThread;
    std::uint32_t count = 0;
    Site acquired_at;
  };
  SharedHold& shared_hold(ObjectId id, ThreadId t);
  // Who holds shared_mutex `id`, in words: "thread 2 holds it exclusively", "2 reader(s) hold it
  // shared" or "nobody holds it".
  std::string shared_holders(ObjectId id) const;
  [[noreturn]] void stop();
  [[noreturn]] void fail(BugKind kind, std::string message, std::vector<Site> sites);
  [[noreturn]] void fail_deadlock();
  // The current thread would wait for itself forever on `op` on object `id`: show it blocked
  // there in the trace, then report self_deadlock.
  [[noreturn]] void fail_self_deadlock(Op op, ObjectId id, Site site, std::string message, std::vector<Site> sites);
  // Tells the detectors that thread t will never perform its pending operation.
  void blocked(ThreadId t);
  [[noreturn]] void diverged(std::string why);
  bool live_thread(ThreadId t, std::uint64_t generation) const;
  void reset();
  void teardown();
  void abandon(boost::context::fiber& f);
  // AddressSanitizer bookkeeping around every fiber switch (no-ops without ASan).
  void leaving(void** fake_stack, ThreadId next);
  void arrived(void* fake_stack);

  static inline SwitchHook switch_hook_ = nullptr;
  static inline void* switch_context_ = nullptr;

  ExecutionConfig config_;
  StackPool& stacks_;
  strategy::TrailBuffer& trail_;
  strategy::Strategy* strategy_ = nullptr;
  bool every_step_ = false;  // the strategy picks even where one thread alone can run
  std::vector<detect::Detector*> detectors_;

  // Per-execution state (reset by reset()).
  std::uint64_t generation_ = 0;
  std::vector<ThreadState> threads_;  // invariant: capacity kMaxThreads, never reallocated
  std::size_t nthreads_ = 0;
  std::vector<Waitable> waitables_;
  std::vector<ObjectInfo> objects_;
  ThreadId current_ = kNoThread;
  ThreadId switched_from_ = kNoThread;
  boost::context::fiber runner_;  // the OS stack's context while fibers run
  alignas(boost::context::fiber) unsigned char abandoned_[sizeof(boost::context::fiber)];
  const void* runner_stack_bottom_ = nullptr;
  std::size_t runner_stack_size_ = 0;
  std::uint64_t steps_ = 0;
  unsigned spurious_left_ = 0;
  bool stopping_ = false;  // tearing down: operations do nothing
  Outcome outcome_;
  // Readers' holds on shared_mutexes (few: a linear search; kept allocated across executions).
  std::vector<SharedHold> shared_holds_;
  // Thread 0's body: the test function (kept here, not allocated per execution).
  struct TestBody final : detail::Task {
    const std::function<void()>* fn = nullptr;
    void run() override { (*fn)(); }
  } test_body_;
  // Scratch: the threads that can run at a point (at most kMaxThreads).
  std::vector<std::uint32_t> options_;
};

// For the messages of bug reports.
std::string describe_thread(const Execution& ex, ThreadId t);

}  // namespace braid::rt
