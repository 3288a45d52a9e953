// Execution lifecycle, the scheduling point, fiber switching and the threads' own operations.
// Operations on mutexes, condition variables and memory are in ops.cpp.
#include "checker/runtime/execution.hpp"

#include <cxxabi.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/context/preallocated.hpp>
#include <cstdlib>
#include <typeinfo>

#include "checker/detect/deadlock.hpp"
#include "checker/runtime/sanitizer.hpp"
#include "checker/runtime/site_format.hpp"
#include "checker/runtime/vector_clock.hpp"

namespace braid::rt {
namespace {

namespace ctx = boost::context;

// The slot of the OS stack (the runner) in switch_to.
constexpr ThreadId kRunner = kRunnerSlot;

std::atomic<std::uint64_t> next_generation{1};

// Stacks belong to the StackPool: a finished fiber must not free its stack.
struct PoolStackAllocator {
  ctx::stack_context allocate() { return {}; }
  void deallocate(ctx::stack_context& /*sc*/) noexcept {}
};

std::string demangle(const char* name) {
  int status = 0;
  char* d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string out = (status == 0 && d != nullptr) ? d : name;
  std::free(d);  // NOLINT: __cxa_demangle allocates with malloc
  return out;
}

}  // namespace

Execution::Execution(const ExecutionConfig& config, StackPool& stacks, strategy::TrailBuffer& trail)
    : config_(config), stacks_(stacks), trail_(trail) {
  threads_.resize(kMaxThreads);
  options_.reserve(kMaxThreads);
}

Execution::~Execution() = default;

boost::context::fiber& Execution::slot(ThreadId t) { return t == kRunner ? runner_ : threads_[t].ctx; }

void Execution::reset() {
  generation_ = next_generation.fetch_add(1, std::memory_order_relaxed);
  nthreads_ = 0;
  waitables_.clear();
  objects_.clear();
  shared_holds_.clear();
  current_ = kRunner;
  switched_from_ = kRunner;
  steps_ = 0;
  spurious_left_ = config_.spurious_wakeups;
  stopping_ = false;
  outcome_ = Outcome{};
  trail_.len = 0;
  trail_.steps = 0;
  for (detect::Detector* d : detectors_) d->reset();
}

Outcome Execution::run(const std::function<void()>& body) {
  reset();
  current_execution = this;
  test_body_.fn = &body;
  ThreadId main = create_thread(&test_body_, Site{});
  switch_to(main);
  // Back on the OS stack: the test ended, or stopped on a bug.
  teardown();
  current_execution = nullptr;
  outcome_.steps = steps_;
  return std::move(outcome_);
}

void Execution::teardown() {
  // Abandoned fibers are dropped without unwinding their stacks. why: unwinding runs destructors,
  // and a thread suspended inside a noexcept destructor (a lock_guard's unlock is a scheduling
  // point) would hit std::terminate. The stacks belong to the pool and are reused as they are;
  // heap memory owned by objects on an abandoned stack is leaked (only executions that stopped on
  // a bug abandon threads).
  stopping_ = true;
  for (std::size_t i = nthreads_; i-- > 0;) {
    abandon(threads_[i].ctx);
    threads_[i].owned_body.reset();
  }
  abandon(runner_);
  stopping_ = false;
}

void Execution::abandon(boost::context::fiber& f) {
  // Moving into storage whose destructor never runs leaves `f` empty, so nothing unwinds.
  new (abandoned_) boost::context::fiber(std::move(f));
}

std::uint32_t Execution::new_waitable(ObjectId object, ThreadId exit_of) {
  waitables_.push_back(Waitable{});
  waitables_.back().object = object;
  waitables_.back().exit_of = exit_of;
  return static_cast<std::uint32_t>(waitables_.size() - 1);
}

ThreadId Execution::create_thread(detail::Task* body, Site site) {
  ThreadId t = static_cast<ThreadId>(nthreads_++);
  ThreadState& ts = threads_[t];
  ts = ThreadState{};
  ts.body = body;
  ts.created_at = site;
  ts.exit = new_waitable(kNoObject, t);
  waitables_[ts.exit].owner = t;  // held until the thread finishes
  ctx::stack_context sc = stacks_.get(t);
  ts.stack_bottom = static_cast<char*>(sc.sp) - sc.size;
  ts.stack_size = sc.size;
  asan::unpoison(ts.stack_bottom, ts.stack_size);
  ts.ctx = ctx::fiber(std::allocator_arg, ctx::preallocated(sc.sp, sc.size, sc), PoolStackAllocator{},
                      [this, t](ctx::fiber&& caller) {
                        arrived(nullptr);
                        slot(switched_from_) = std::move(caller);
                        return thread_entry(t);
                      });
  return t;
}

boost::context::fiber Execution::thread_entry(ThreadId self) {
  ThreadState& me = threads_[self];
  me.started = true;
  emit(Op::begin, kNoObject, 0, me.created_at);
  std::string uncaught;
  try {
    me.body->run();
  } catch (const std::exception& e) {
    uncaught = fmt::format("{}: {}", demangle(typeid(e).name()), e.what());
  } catch (...) {
    uncaught = "an exception of a type not derived from std::exception";
  }
  if (!uncaught.empty()) {
    fail(BugKind::uncaught_exception, fmt::format("thread {} ended with an uncaught exception: {}", self, uncaught),
         {me.pending_site, me.created_at});
  }
  me.finished = true;
  waitables_[me.exit].owner = kNoThread;
  emit(Op::finish, kNoObject, 0, me.pending_site);
  ThreadId next = kRunner;
  if (self == 0) {
    end_of_test();
  } else if (me.starting) {
    next = me.parent;  // finished before its first visible operation
  } else {
    next = choose(false);
    if (next == kNoThread) fail_deadlock();
  }
  notify_switch(self, next);
  switched_from_ = self;
  current_ = next;
  trail_.running = next;
  leaving(nullptr, next);  // this fiber ends: its fake stack can go
  return std::move(slot(next));
}

void Execution::end_of_test() {
  for (ThreadId t = 1; t < nthreads_; ++t) {
    const ThreadState& ts = threads_[t];
    if (ts.daemon) continue;  // declared free to outlive the test
    if (!ts.finished) {
      fail(BugKind::leaked_thread,
           fmt::format("thread {} (started at {}) was still running when the test ended", t, short_site(ts.created_at)),
           {ts.created_at, ts.pending_site});
    }
    if (!ts.joined && !ts.detached) {
      fail(BugKind::leaked_thread,
           fmt::format("thread {} (started at {}) was never joined or detached", t, short_site(ts.created_at)),
           {ts.created_at});
    }
  }
}

void Execution::switch_to(ThreadId next) {
  ThreadId self = current_;
  notify_switch(self, next);
  switched_from_ = self;
  current_ = next;
  trail_.running = next;
  void* fake_stack = nullptr;
  leaving(&fake_stack, next);
  boost::context::fiber back = std::move(slot(next)).resume();
  arrived(fake_stack);
  // Resumed: whoever switched here left its continuation in `back`.
  slot(switched_from_) = std::move(back);
  current_ = self;
  trail_.running = self;
}

void Execution::leaving(void** fake_stack, ThreadId next) {
  if (next == kRunner) {
    asan::start_switch(fake_stack, runner_stack_bottom_, runner_stack_size_);
  } else {
    asan::start_switch(fake_stack, threads_[next].stack_bottom, threads_[next].stack_size);
  }
}

void Execution::arrived(void* fake_stack) {
  const void* from_bottom = nullptr;
  std::size_t from_size = 0;
  asan::finish_switch(fake_stack, &from_bottom, &from_size);
  // The first switch away from the OS stack tells us where that stack is.
  if (switched_from_ == kRunner && from_bottom != nullptr) {
    runner_stack_bottom_ = from_bottom;
    runner_stack_size_ = from_size;
  }
}

void Execution::point(Op op, ObjectId object, Site site, std::uint32_t waits_on, ObjectId aux) {
  ThreadState& me = threads_[current_];
  me.pending = op;
  me.pending_object = object;
  me.pending_aux = aux;
  me.waits_on = waits_on;
  me.pending_site = site;
  me.parked = true;
  if (me.starting) {
    // The first operation of a thread started eagerly: park it and return to its parent, which
    // is suspended in spawn(); this op then waits to be chosen like any other.
    me.starting = false;
    switch_to(me.parent);
    me.parked = false;
    return;
  }
  trail_.steps = ++steps_;
  if (steps_ > config_.max_steps) {
    fail(BugKind::livelock,
         fmt::format("the test took more than {} scheduling points without ending: a livelock, or a spin "
                     "loop that never yields (raise --max-steps if the test is just long)",
                     config_.max_steps),
         {site});
  }
  ThreadId next = choose(op == Op::yield || op == Op::sleep);
  if (next == kNoThread) fail_deadlock();
  if (next != current_) switch_to(next);
  me.parked = false;
}

inline bool Execution::can_run(ThreadId t) const {
  const ThreadState& ts = threads_[t];
  switch (ts.pending) {
    case Op::lock: {
      // count: a shared_mutex's readers (always 0 for the other mutexes).
      const Waitable& w = waitables_[ts.waits_on];
      return (w.owner == kNoThread && w.count == 0) || (w.recursive && w.owner == t);
    }
    case Op::lock_shared:
      // why no writer preference: a reader waits only for a writer that holds the lock, never
      // for one that merely waits (std leaves the policy open; this explores the most orders).
      return waitables_[ts.waits_on].owner == kNoThread;
    case Op::join:
      return waitables_[ts.waits_on].owner == kNoThread;
    case Op::wake:
      return ts.notified || ts.timed || spurious_left_ > 0;
    // A timed acquire or wait can always run: run while it cannot proceed, it times out.
    case Op::acquire:
      return ts.timed || waitables_[ts.waits_on].count > 0;
    case Op::await: {
      const Waitable& w = waitables_[ts.waits_on];
      return ts.timed || w.count == 0 || w.phase != ts.wait_phase;
    }
    default:
      return true;
  }
}

ThreadId Execution::choose(bool exclude_current) {
  options_.clear();
  for (ThreadId t = 0; t < nthreads_; ++t) {
    if (threads_[t].finished || !can_run(t)) continue;
    // A thread that just yielded lets another run first, if any can (fairness for spin loops).
    if (exclude_current && t == current_) continue;
    options_.push_back(t);
  }
  if (options_.empty() && exclude_current && can_run(current_)) options_.push_back(current_);
  // why: a spurious wake-up is explored as an alternative while some other thread can move; it
  // cannot be what saves a program in which nothing else can (a lost wake-up is a deadlock).
  if (std::all_of(options_.begin(), options_.end(), [this](ThreadId t) {
        const ThreadState& ts = threads_[t];
        return ts.pending == Op::wake && !ts.notified && !ts.timed;
      })) {
    return kNoThread;
  }
  if (options_.size() == 1 && !every_step_) return options_[0];
  return pick_from(options_);
}

std::uint32_t Execution::pick_from(const std::vector<std::uint32_t>& options) {
  std::size_t i = strategy_->pick(options, current_);
  if (i == strategy::kPrune) {
    outcome_.status = ExecutionStatus::pruned;
    stop();
  }
  if (i == strategy::kDiverged || i >= options.size()) diverged(strategy_->divergence());
  record_choice(i, options);
  return options[i];
}

std::uint32_t Execution::pick_waiter(const std::vector<std::uint32_t>& waiters) {
  std::size_t i = strategy_->pick_data(waiters, current_);
  if (i == strategy::kDiverged || i >= waiters.size()) diverged(strategy_->divergence());
  record_choice(i, waiters);
  return waiters[i];
}

// invariant: the trail (and so the token) holds only real choices, whatever the strategy asked.
void Execution::record_choice(std::size_t index, const std::vector<std::uint32_t>& options) {
  if (options.size() < 2) return;
  if (trail_.len >= trail_.capacity) {
    fail(BugKind::livelock, fmt::format("the test made more than {} scheduling choices", trail_.capacity), {});
  }
  trail_.entries[trail_.len++] =
      strategy::Choice{options[index], static_cast<std::uint16_t>(index), static_cast<std::uint16_t>(options.size())};
}

strategy::PendingStep Execution::pending(ThreadId t) const {
  const ThreadState& ts = threads_[t];
  strategy::PendingStep p;
  p.op = ts.pending;
  p.object = ts.pending_object;
  if (p.object != kNoObject) p.key = objects_[p.object].key;
  p.aux = ts.pending_aux;
  if (p.aux != kNoObject) p.aux_key = objects_[p.aux].key;
  if (ts.pending == Op::join && ts.waits_on < waitables_.size()) p.target = waitables_[ts.waits_on].exit_of;
  p.parked = ts.parked && !ts.finished;
  return p;
}

bool Execution::held(ObjectId id) const {
  if (id >= objects_.size() || objects_[id].waitable >= waitables_.size()) return false;
  const Waitable& w = waitables_[objects_[id].waitable];
  // count: a shared_mutex's readers (the other mutexes keep it 0).
  bool shared = objects_[id].kind == detail::ObjectKind::shared_mutex && w.count > 0;
  return w.owner != kNoThread || shared;
}

void Execution::emit(Op op, ObjectId object, std::int64_t value, Site site) {
  const Event e{current_, op, object, value, site};
  for (detect::Detector* d : detectors_) d->on_event(e, *this, *this);
}

void Execution::report(detect::BugDraft bug) {
  if (stopping_) return;
  bool goes_on = (bug.kind == BugKind::data_race && config_.keep_going) || bug.kind == BugKind::lock_order_inversion;
  if (goes_on) {
    // A race inside a loop is met again and again: report each one once per execution.
    std::string key = detect::bug_key(bug);
    for (const detect::BugDraft& b : outcome_.bugs) {
      if (detect::bug_key(b) == key) return;
    }
  }
  outcome_.bugs.push_back(std::move(bug));
  if (outcome_.status == ExecutionStatus::done) outcome_.status = ExecutionStatus::bug;
  if (!goes_on) stop();
}

void Execution::fail(BugKind kind, std::string message, std::vector<Site> sites) {
  report(detect::BugDraft{kind, std::move(message), std::move(sites)});
  stop();  // report() returns only for bugs that let an execution go on; this one may not
}

void Execution::fail_deadlock() {
  detect::BugDraft bug = detect::analyse_deadlock(*this);
  for (ThreadId t = 0; t < nthreads_; ++t) {
    if (!threads_[t].finished) blocked(t);
  }
  fail(bug.kind, std::move(bug.message), std::move(bug.sites));
}

void Execution::fail_self_deadlock(Op op, ObjectId id, Site site, std::string message, std::vector<Site> sites) {
  ThreadState& me = threads_[current_];
  me.pending = op;
  me.waits_on = objects_[id].waitable;
  me.pending_site = site;
  me.parked = true;
  blocked(current_);
  fail(BugKind::self_deadlock, std::move(message), std::move(sites));
}

void Execution::blocked(ThreadId t) {
  const ThreadState& ts = threads_[t];
  const Waitable* w = ts.waits_on < waitables_.size() ? &waitables_[ts.waits_on] : nullptr;
  // A waiter that is never woken is shown at its wait, not at the wake-up that never comes.
  Op op = ts.pending == Op::wake ? Op::wait : ts.pending;
  Event e{t, op, w != nullptr ? w->object : kNoObject, w != nullptr ? static_cast<std::int64_t>(w->exit_of) : 0,
          ts.pending_site};
  for (detect::Detector* d : detectors_) d->on_blocked(e, *this);
}

void Execution::diverged(std::string why) {
  outcome_.status = ExecutionStatus::diverged;
  outcome_.error = std::move(why);
  stop();
}

void Execution::stop() {
  switch_to(kRunner);
  // invariant: a stopped thread is never resumed (teardown abandons it).
  std::abort();
}

// ---- the threads' own operations ----

ThreadId Execution::spawn(std::unique_ptr<detail::Task> body, Site site) {
  if (stopping_) return kNoThread;
  if (nthreads_ >= kMaxThreads) {
    fail(BugKind::misuse, fmt::format("the test starts more than {} threads (Braid's limit)", kMaxThreads), {site});
  }
  point(Op::spawn, kNoObject, site);
  ThreadId t = create_thread(body.get(), site);
  threads_[t].owned_body = std::move(body);
  emit(Op::spawn, kNoObject, t, site);
  // why: the code a thread runs before its first visible operation touches nothing shared, so
  // running it at once changes no outcome and saves a choice point per thread. The new thread
  // parks at its first operation and switches straight back here.
  threads_[t].starting = true;
  threads_[t].parent = current_;
  switch_to(t);
  return t;
}

bool Execution::live_thread(ThreadId t, std::uint64_t generation) const {
  return generation == generation_ && t < nthreads_ && t != 0 && !threads_[t].joined && !threads_[t].detached;
}

void Execution::join(ThreadId target, std::uint64_t generation, Site site) {
  if (stopping_) return;
  if (!live_thread(target, generation)) {
    fail(BugKind::misuse, "join of a thread that is not joinable (already joined, detached, or never started)", {site});
  }
  if (target == current_) fail(BugKind::misuse, fmt::format("thread {} joins itself", target), {site});
  point(Op::join, kNoObject, site, threads_[target].exit);
  threads_[target].joined = true;
  emit(Op::join, kNoObject, target, site);
}

void Execution::await_exit(ThreadId target, Site site) {
  if (stopping_) return;
  if (target >= nthreads_ || target == current_) {
    fail(BugKind::misuse, fmt::format("thread {} waits for the end of thread {}, which it cannot", current_, target),
         {site});
  }
  point(Op::join, kNoObject, site, threads_[target].exit);
  emit(Op::join, kNoObject, target, site);
}

void Execution::detach(ThreadId target, std::uint64_t generation, Site site) {
  if (stopping_) return;
  if (!live_thread(target, generation)) {
    fail(BugKind::misuse, "detach of a thread that is not joinable (already joined or detached)", {site});
  }
  point(Op::detach, kNoObject, site);
  threads_[target].detached = true;
  emit(Op::detach, kNoObject, target, site);
}

// The site is ~thread's own line in braid's header, not the user's: the report names the spawn.
void Execution::dropped(ThreadId target, std::uint64_t generation, Site /*site*/) {
  if (stopping_ || generation != generation_ || target >= nthreads_) return;
  const ThreadState& ts = threads_[target];
  fail(BugKind::leaked_thread,
       fmt::format("thread {} (started at {}) was never joined or detached: its braid::thread was destroyed while "
                   "joinable (std::thread would call std::terminate)",
                   target, short_site(ts.created_at)),
       {ts.created_at});
}

void Execution::yield(Site site) {
  if (stopping_) return;
  point(Op::yield, kNoObject, site);
  emit(Op::yield, kNoObject, 0, site);
}

void Execution::sleep(Site site) {
  if (stopping_) return;
  point(Op::sleep, kNoObject, site);
  emit(Op::sleep, kNoObject, 0, site);
}

void Execution::daemon(ThreadId target, std::uint64_t generation, Site site) {
  if (stopping_) return;
  if (generation != generation_ || target >= nthreads_ || target == 0) {
    fail(BugKind::misuse, "daemon() on a thread that is not running in this test", {site});
  }
  threads_[target].daemon = true;
}

void Execution::misuse(const char* what, Site site) { fail(BugKind::misuse, what, {site}); }

void Execution::assertion_failed(const char* expression, Site site) {
  if (stopping_) std::abort();  // cannot happen: assertions do not run during teardown
  fail(BugKind::assertion_failure, fmt::format("assertion failed in thread {}: {}", current_, expression), {site});
}

std::string Execution::object_name(ObjectId id) const {
  if (id >= objects_.size()) return "?";
  const ObjectInfo& o = objects_[id];
  if (o.name != nullptr) return o.name;
  static constexpr const char* kKinds[] = {"mutex",
                                           "recursive_mutex",
                                           "condition_variable",
                                           "atomic",
                                           "var",
                                           "counting_semaphore",
                                           "binary_semaphore",
                                           "bounded_semaphore",
                                           "latch",
                                           "barrier",
                                           "event",
                                           "shared_mutex",
                                           "timed_mutex",
                                           "executor",
                                           "coroutine",
                                           "channel",
                                           "async_mutex"};
  return fmt::format("{}@{}", kKinds[static_cast<int>(o.kind)], short_site(Site{o.declared_at, nullptr}));
}

}  // namespace braid::rt
