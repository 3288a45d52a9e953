// The trail of one execution: every real choice (two or more options) in order. It is plain
// memory so that it can live in memory shared with a parent process, which reads it back when a
// forked worker dies (crash isolation) to name the schedule that killed it.
#pragma once

#include <cstdint>
#include <vector>

namespace braid::strategy {

struct Choice {
  std::uint32_t value;  // what was chosen (a thread id)
  std::uint16_t index;  // its position among the options
  std::uint16_t count;  // how many options there were
};

// invariant: len <= capacity; entries [0, len) are the current execution's choices.
struct TrailBuffer {
  std::uint64_t len;
  std::uint64_t capacity;
  std::uint32_t running;  // the thread that runs now (named when a worker crashes or hangs)
  std::uint64_t steps;    // scheduling points of the current execution (a watchdog's sign of life)
  Choice entries[1];      // really `capacity` entries: see trail_bytes()
};

inline std::size_t trail_bytes(std::uint64_t capacity) { return sizeof(TrailBuffer) + (capacity - 1) * sizeof(Choice); }

using Trail = std::vector<Choice>;

inline Trail copy_trail(const TrailBuffer& b) { return Trail(b.entries, b.entries + b.len); }

inline std::vector<std::uint32_t> values_of(const Trail& t) {
  std::vector<std::uint32_t> v;
  v.reserve(t.size());
  for (const Choice& c : t) v.push_back(c.value);
  return v;
}

}  // namespace braid::strategy
