// Vector clocks for happens-before. Sized to the threads of the execution (at most kMaxThreads).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "checker/runtime/event.hpp"

namespace braid::rt {

inline constexpr std::uint32_t kMaxThreads = 64;

class VectorClock {
 public:
  std::uint32_t get(ThreadId t) const { return c_[t]; }
  void set(ThreadId t, std::uint32_t v) { c_[t] = v; }
  void tick(ThreadId t) { ++c_[t]; }
  // Only the first `n` entries can be non-zero (n = threads created so far).
  void join(const VectorClock& o, std::uint32_t n) {
    for (std::uint32_t i = 0; i < n; ++i) c_[i] = std::max(c_[i], o.c_[i]);
  }
  void clear(std::uint32_t n) { std::fill_n(c_.begin(), n, 0U); }
  // Copies the first n entries (the rest are zero in both, by the callers' invariant).
  void copy_from(const VectorClock& o, std::uint32_t n) { std::copy_n(o.c_.begin(), n, c_.begin()); }

 private:
  std::array<std::uint32_t, kMaxThreads> c_{};
};

}  // namespace braid::rt
