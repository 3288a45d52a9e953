// braid::blocking_queue<T>: a FIFO work queue shared by threads (Java's BlockingQueue, Python's
// queue.Queue), built on braid::mutex and braid::condition_variable, so every operation is a
// scheduling point and its waits are explored like any other. capacity 0 means unbounded.
// Timeouts (put_for / get_for) use modelled time: timing out is a choice the checker explores.
// task_done() / join() work as in a work queue: join() returns once every item put has been
// marked done; a task_done() with no item left to mark is reported as misuse.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <source_location>
#include <utility>

#include "braid/condition_variable.hpp"
#include "braid/detail/runtime_api.hpp"
#include "braid/mutex.hpp"

namespace braid {

template <class T>
class blocking_queue {
  using loc_t = std::source_location;

 public:
  // `name` names the queue's mutex in reports.
  explicit blocking_queue(std::size_t capacity = 0, const char* name = nullptr, loc_t declared_at = loc_t::current())
      : capacity_(capacity), m_(name, declared_at) {}
  blocking_queue(const blocking_queue&) = delete;
  blocking_queue& operator=(const blocking_queue&) = delete;

  // Blocks while the queue is full.
  void put(T v, loc_t loc = loc_t::current()) {
    std::unique_lock<mutex> l(m_, loc);
    while (full()) not_full_.wait(l, loc);
    push(std::move(v), loc);
  }
  bool try_put(T v, loc_t loc = loc_t::current()) {
    std::unique_lock<mutex> l(m_, loc);
    if (full()) return false;
    push(std::move(v), loc);
    return true;
  }
  template <class Rep, class Period>
  bool put_for(T v, const std::chrono::duration<Rep, Period>& d, loc_t loc = loc_t::current()) {
    std::unique_lock<mutex> l(m_, loc);
    if (!not_full_.wait_for(l, d, [this] { return !full(); }, loc)) return false;
    push(std::move(v), loc);
    return true;
  }

  // Blocks while the queue is empty.
  T get(loc_t loc = loc_t::current()) {
    std::unique_lock<mutex> l(m_, loc);
    while (items_.empty()) not_empty_.wait(l, loc);
    return pop(loc);
  }
  std::optional<T> try_get(loc_t loc = loc_t::current()) {
    std::unique_lock<mutex> l(m_, loc);
    if (items_.empty()) return std::nullopt;
    return pop(loc);
  }
  template <class Rep, class Period>
  std::optional<T> get_for(const std::chrono::duration<Rep, Period>& d, loc_t loc = loc_t::current()) {
    std::unique_lock<mutex> l(m_, loc);
    if (!not_empty_.wait_for(l, d, [this] { return !items_.empty(); }, loc)) return std::nullopt;
    return pop(loc);
  }

  std::size_t size(loc_t loc = loc_t::current()) const {
    std::unique_lock<mutex> l(m_, loc);
    return items_.size();
  }
  bool empty(loc_t loc = loc_t::current()) const { return size(loc) == 0; }
  std::size_t capacity() const { return capacity_; }

  // Marks one item taken with get() as processed.
  void task_done(loc_t loc = loc_t::current()) {
    std::unique_lock<mutex> l(m_, loc);
    if (unfinished_ == 0) detail::misuse("blocking_queue::task_done() called more times than items were put", loc);
    if (--unfinished_ == 0) all_done_.notify_all(loc);
  }
  // Blocks until every item put so far has been marked done with task_done().
  void join(loc_t loc = loc_t::current()) {
    std::unique_lock<mutex> l(m_, loc);
    while (unfinished_ != 0) all_done_.wait(l, loc);
  }

 private:
  bool full() const { return capacity_ != 0 && items_.size() >= capacity_; }
  void push(T v, loc_t loc) {
    items_.push_back(std::move(v));
    ++unfinished_;
    not_empty_.notify_one(loc);
  }
  T pop(loc_t loc) {
    T v = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one(loc);
    return v;
  }

  std::size_t capacity_;
  mutable mutex m_;
  condition_variable not_empty_, not_full_, all_done_;
  std::deque<T> items_;         // guarded by m_
  std::size_t unfinished_ = 0;  // items put and not yet marked done; guarded by m_
};

}  // namespace braid
