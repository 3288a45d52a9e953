// The facades' entry points (detail/runtime_api.hpp): find the running execution and forward.
#include <fmt/format.h>

#include "braid/detail/runtime_api.hpp"
#include "checker/runtime/execution.hpp"
#include "checker/runtime/vector_clock.hpp"

namespace braid::detail {
namespace {

rt::Execution& ex(const char* what) {
  rt::Execution* e = rt::Execution::current();
  if (e == nullptr) {
    throw usage_error(
        fmt::format("{} used outside a Braid test? Braid primitives work only inside a "
                    "BRAID_TEST or a function run by braid::explore",
                    what));
  }
  return *e;
}

rt::Site at(loc_t loc, const void* pc = nullptr) { return rt::Site{loc, pc}; }

}  // namespace

void note_birth(Handle& h) noexcept {
  rt::Execution* e = rt::Execution::current();
  if (e == nullptr || e->current_thread() >= rt::kMaxThreads) return;
  h.birth_generation = e->generation();
  h.birth = e->next_birth();
}

std::uint32_t thread_spawn(std::unique_ptr<Task> body, loc_t loc) {
  return ex("braid::thread").spawn(std::move(body), at(loc));
}
void thread_join(std::uint32_t tid, std::uint64_t generation, loc_t loc) {
  ex("braid::thread::join").join(tid, generation, at(loc));
}
void thread_detach(std::uint32_t tid, std::uint64_t generation, loc_t loc) {
  ex("braid::thread::detach").detach(tid, generation, at(loc));
}
void thread_dropped(std::uint32_t tid, std::uint64_t generation, loc_t loc) {
  // A thread object outliving its execution is not this execution's concern.
  if (rt::Execution* e = rt::Execution::current()) e->dropped(tid, generation, at(loc));
}
std::uint64_t current_generation() { return ex("braid::thread").generation(); }
std::uint32_t current_thread() { return ex("braid::this_thread::get_id").current_thread(); }
void yield(loc_t loc) { ex("braid::this_thread::yield").yield(at(loc)); }
void sleep(loc_t loc) { ex("braid::this_thread::sleep_for").sleep(at(loc)); }
void thread_daemon(std::uint32_t tid, std::uint64_t generation, loc_t loc) {
  ex("braid::thread::daemon").daemon(tid, generation, at(loc));
}
void misuse(const char* what, loc_t loc) { ex("braid").misuse(what, at(loc)); }

void mutex_lock(Handle& h, const ObjectDecl& d, loc_t loc) { ex("braid::mutex").lock(h, d, at(loc)); }
bool mutex_try_lock(Handle& h, const ObjectDecl& d, loc_t loc) { return ex("braid::mutex").try_lock(h, d, at(loc)); }
void mutex_unlock(Handle& h, const ObjectDecl& d, loc_t loc) { ex("braid::mutex").unlock(h, d, at(loc)); }
bool mutex_try_lock_timed(Handle& h, const ObjectDecl& d, loc_t loc) {
  return ex("braid::timed_mutex").timed_lock(h, d, at(loc));
}

void shared_mutex_lock_shared(Handle& h, const ObjectDecl& d, loc_t loc) {
  ex("braid::shared_mutex").lock_shared(h, d, at(loc));
}
bool shared_mutex_try_lock_shared(Handle& h, const ObjectDecl& d, loc_t loc) {
  return ex("braid::shared_mutex").try_lock_shared(h, d, at(loc));
}
void shared_mutex_unlock_shared(Handle& h, const ObjectDecl& d, loc_t loc) {
  ex("braid::shared_mutex").unlock_shared(h, d, at(loc));
}

bool cv_wait_timed(Handle& cv, const ObjectDecl& cvd, Handle& m, const ObjectDecl& md, loc_t loc) {
  return ex("braid::condition_variable").cv_wait(cv, cvd, m, md, at(loc), true);
}
void cv_wait(Handle& cv, const ObjectDecl& cvd, Handle& m, const ObjectDecl& md, loc_t loc) {
  ex("braid::condition_variable").cv_wait(cv, cvd, m, md, at(loc));
}
void cv_notify(Handle& cv, const ObjectDecl& d, bool all, loc_t loc) {
  ex("braid::condition_variable").cv_notify(cv, d, all, at(loc));
}

void semaphore_acquire(Handle& h, const ObjectDecl& d, loc_t loc) { ex("braid semaphore").sem_acquire(h, d, at(loc)); }
bool semaphore_try_acquire(Handle& h, const ObjectDecl& d, loc_t loc) {
  return ex("braid semaphore").sem_try_acquire(h, d, at(loc));
}
void semaphore_release(Handle& h, const ObjectDecl& d, std::int64_t n, loc_t loc) {
  ex("braid semaphore").sem_release(h, d, n, at(loc));
}

void latch_count_down(Handle& h, const ObjectDecl& d, std::int64_t n, loc_t loc) {
  ex("braid::latch").latch_count_down(h, d, n, at(loc));
}
bool latch_try_wait(Handle& h, const ObjectDecl& d, loc_t loc) {
  return ex("braid::latch").latch_try_wait(h, d, at(loc));
}
void latch_wait(Handle& h, const ObjectDecl& d, loc_t loc) { ex("braid::latch").latch_wait(h, d, at(loc)); }

bool barrier_arrive(Handle& h, const ObjectDecl& d, bool drop, loc_t loc) {
  return ex("braid::barrier").barrier_arrive(h, d, drop, at(loc));
}
void barrier_complete(Handle& h, const ObjectDecl& d, loc_t loc) {
  ex("braid::barrier").barrier_complete(h, d, at(loc));
}
void barrier_wait(Handle& h, const ObjectDecl& d, loc_t loc) { ex("braid::barrier").barrier_wait(h, d, at(loc)); }

void event_set(Handle& h, const ObjectDecl& d, loc_t loc) { ex("braid::event").event_set(h, d, true, at(loc)); }
void event_clear(Handle& h, const ObjectDecl& d, loc_t loc) { ex("braid::event").event_set(h, d, false, at(loc)); }
bool event_is_set(Handle& h, const ObjectDecl& d, loc_t loc) { return ex("braid::event").event_is_set(h, d, at(loc)); }
void event_wait(Handle& h, const ObjectDecl& d, loc_t loc) { ex("braid::event").event_wait(h, d, at(loc)); }
bool semaphore_try_acquire_timed(Handle& h, const ObjectDecl& d, loc_t loc) {
  return ex("braid semaphore").sem_try_acquire_timed(h, d, at(loc));
}
bool event_wait_timed(Handle& h, const ObjectDecl& d, loc_t loc) {
  return ex("braid::event").event_wait(h, d, at(loc), true);
}

void atomic_access(Handle& h, const ObjectDecl& d, Access a, loc_t loc, const void* pc) {
  ex("braid::atomic").atomic_access(h, d, a, at(loc, pc));
}
void var_access(Handle& h, const ObjectDecl& d, bool write, loc_t loc, const void* pc) {
  ex("braid::var").var_access(h, d, write, at(loc, pc));
}

std::size_t coro_choose(Handle& h, const ObjectDecl& d, std::size_t n, loc_t loc) {
  return ex("braid::block_on").coro_choose(h, d, n, at(loc));
}
void coro_idle(Handle& h, const ObjectDecl& d, const char* awaiting, loc_t loc) {
  ex("braid::block_on").coro_idle(h, d, awaiting, at(loc));
}
void coro_wake(Handle& h, const ObjectDecl& d, loc_t loc) { ex("braid::block_on").coro_wake(h, d, at(loc)); }
void*& coro_executor_slot() { return ex("braid coroutines").coro_executor_slot(); }
void coro_sync(Handle& h, const ObjectDecl& d, CoroOp op, loc_t loc) {
  ex(d.kind == ObjectKind::channel ? "braid::channel" : "braid::async_mutex").coro_sync(h, d, op, at(loc));
}
void coro_resumed(Handle& activation, const ObjectDecl& d, loc_t loc, const void* pc) {
  ex("braid::task").coro_mark(rt::Op::resume, activation, d, at(loc, pc));
}
void coro_suspended(Handle& activation, const ObjectDecl& d, loc_t loc, const void* pc) {
  ex("braid::task").coro_mark(rt::Op::suspend, activation, d, at(loc, pc));
}

void assertion_failed(const char* expression, loc_t loc) {
  rt::Execution* e = rt::Execution::current();
  if (e == nullptr) {
    throw usage_error(
        fmt::format("BRAID_ASSERT({}) failed outside a Braid test at {}:{}", expression, loc.file_name(), loc.line()));
  }
  e->assertion_failed(expression, at(loc));
}

}  // namespace braid::detail
