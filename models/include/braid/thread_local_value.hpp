// braid::thread_local_value<T>: one value per modelled thread, what `thread_local` gives real
// threads. (A plain `thread_local` variable is one per OS thread, and every modelled thread of an
// execution runs on the same OS thread: they would all share it. See docs/limitations.md.)
// Reading or writing it is not a scheduling point: nobody else can see it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "braid/detail/runtime_api.hpp"

namespace braid {

template <class T>
class thread_local_value {
 public:
  // Each thread's value starts as a copy of `initial`, on its first use in the thread.
  explicit thread_local_value(T initial = T{}) : initial_(std::move(initial)) {}
  thread_local_value(const thread_local_value&) = delete;
  thread_local_value& operator=(const thread_local_value&) = delete;

  T& get() {
    // why the generation: an object that outlives an execution (a global) starts afresh in the
    // next one, as every thread does.
    std::uint64_t generation = detail::current_generation();
    if (generation != generation_) {
      values_.clear();
      generation_ = generation;
    }
    std::uint32_t t = detail::current_thread();
    if (t >= values_.size()) values_.resize(t + 1);
    if (!values_[t]) values_[t].emplace(initial_);
    return *values_[t];
  }
  void set(T v) { get() = std::move(v); }
  T& operator*() { return get(); }
  T* operator->() { return &get(); }

 private:
  T initial_;
  std::uint64_t generation_ = 0;
  std::vector<std::optional<T>> values_;  // indexed by modelled thread id
};

}  // namespace braid
