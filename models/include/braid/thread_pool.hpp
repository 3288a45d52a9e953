// braid::thread_pool: a fixed number of braid::threads taking tasks from one blocking_queue.
// submit() returns a braid::future; map() applies a function to every element of a range on the
// pool and returns the results in the range's order; shutdown() stops the workers, after the
// queued tasks (wait) or dropping them (cancel: their futures' get() throws broken_promise).
// The destructor shuts down with wait. Everything is built on Braid's primitives, so the
// checker explores which worker takes which task and when.
#pragma once

#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <source_location>
#include <type_traits>
#include <utility>
#include <vector>

#include "braid/blocking_queue.hpp"
#include "braid/future.hpp"
#include "braid/thread.hpp"

namespace braid {

class thread_pool {
  using loc_t = std::source_location;

 public:
  enum class shutdown_mode { wait, cancel };

  explicit thread_pool(std::size_t workers, const char* name = nullptr, loc_t loc = loc_t::current())
      : queue_(0, name, loc) {
    for (std::size_t i = 0; i < workers; ++i) {
      workers_.emplace_back([this] { work(); });
    }
  }
  thread_pool(const thread_pool&) = delete;
  thread_pool& operator=(const thread_pool&) = delete;
  ~thread_pool() { shutdown(shutdown_mode::wait); }

  std::size_t size() const { return workers_.size(); }

  template <class F>
  auto submit(F f, loc_t loc = loc_t::current()) {
    using R = std::invoke_result_t<F>;
    if (stopped_) detail::misuse("thread_pool::submit() after shutdown()", loc);
    auto p = std::make_shared<promise<R>>();
    future<R> fut = p->get_future(loc);
    queue_.put(
        [p, f = std::move(f)]() mutable {
          try {
            if constexpr (std::is_void_v<R>) {
              f();
              p->set_value();
            } else {
              p->set_value(f());
            }
          } catch (...) {
            p->set_exception(std::current_exception());
          }
        },
        loc);
    return fut;
  }

  // f applied to each element on the pool; the results in the order of the range.
  template <class Range, class F>
  auto map(F f, const Range& range, loc_t loc = loc_t::current()) {
    using R = std::invoke_result_t<F, decltype(*std::begin(range))>;
    std::vector<future<R>> futures;
    for (const auto& x : range) futures.push_back(submit([f, x] { return f(x); }, loc));
    std::vector<R> out;
    out.reserve(futures.size());
    for (future<R>& fu : futures) out.push_back(fu.get(loc));
    return out;
  }

  // Stops the workers and joins them. wait: after the tasks already queued; cancel: the tasks not
  // yet started are dropped (their futures throw broken_promise).
  void shutdown(shutdown_mode mode = shutdown_mode::wait, loc_t loc = loc_t::current()) {
    if (stopped_) return;
    stopped_ = true;
    if (mode == shutdown_mode::cancel) {
      while (queue_.try_get(loc)) {
      }
    }
    // One empty task per worker: a worker that takes one stops.
    for (std::size_t i = 0; i < workers_.size(); ++i) queue_.put(std::function<void()>{}, loc);
    for (thread& t : workers_) t.join(loc);
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> task = queue_.get();
      if (!task) return;
      task();
    }
  }

  blocking_queue<std::function<void()>> queue_;
  std::vector<thread> workers_;
  bool stopped_ = false;
};

}  // namespace braid
