// Coroutine support (braid/task.hpp). Coroutines run on an executor in models/, which resumes
// one ready coroutine at a time on its modelled thread; the checker provides the choice of which
// one, the blocking of an idle executor's thread, and the events channels, async_mutexes and
// activations need for scheduling, happens-before, traces and the reentrancy detector.
#include <fmt/format.h>

#include "checker/runtime/execution.hpp"

namespace braid::rt {

std::size_t Execution::coro_choose(detail::Handle& h, const detail::ObjectDecl& d, std::size_t n, Site site) {
  if (stopping_ || n < 2) return 0;
  constexpr std::size_t kLimit = 0xffff;  // a choice's option count is 16 bits in the token
  if (n > kLimit) {
    fail(BugKind::misuse, fmt::format("{} coroutines are ready on one executor (Braid's limit is {})", n, kLimit), {});
  }
  // why a point: a data choice belongs to the step of the thread making it (a strategy that
  // follows steps files it under that step), and the thread may have made none yet.
  ObjectId id = resolve_counter(h, d, site);
  point(Op::choose, id, site);
  // why a data choice: the order in which one thread resumes its coroutines schedules no other
  // thread, exactly like the waiter a notify_one wakes.
  std::vector<std::uint32_t> options(n);
  for (std::size_t i = 0; i < n; ++i) options[i] = static_cast<std::uint32_t>(i);
  std::uint32_t chosen = pick_waiter(options);
  emit(Op::choose, id, chosen, site);
  return chosen;
}

void Execution::coro_idle(detail::Handle& h, const detail::ObjectDecl& d, const char* awaiting, Site site) {
  if (stopping_) return;
  threads_[current_].awaiting = awaiting;
  sem_acquire(h, d, site);
  threads_[current_].awaiting.clear();
}

void Execution::coro_wake(detail::Handle& h, const detail::ObjectDecl& d, Site site) {
  sem_release(h, d, 1, site);
}

void Execution::coro_sync(detail::Handle& h, const detail::ObjectDecl& d, detail::CoroOp op, Site site) {
  if (stopping_) return;
  ObjectId id = resolve(h, d);
  static constexpr Op kOps[] = {Op::send, Op::receive, Op::close, Op::co_lock, Op::co_unlock};
  Op o = kOps[static_cast<int>(op)];
  point(o, id, site);
  emit(o, id, 0, site);
}

void Execution::coro_mark(Op op, detail::Handle& activation, const detail::ObjectDecl& d, Site site) {
  if (stopping_) return;
  ObjectId id = resolve(activation, d);
  emit(op, id, 0, site);
}

}  // namespace braid::rt
