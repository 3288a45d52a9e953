// glibc's rand()/random() generator (TYPE_3: additive feedback x[i] = x[i-3] + x[i-31], the low
// bit dropped), so that a program's rand() values under `braid check` are those of a native run
// (seeded 1 until srand: 1804289383, 846930886, ...). The algorithm of glibc's random_r.c.
#pragma once

#include <cstdint>

namespace braid::instrument {

class GlibcRandom {
 public:
  GlibcRandom() { seed(1); }  // glibc's initial state is srandom(1)'s

  void seed(unsigned int s) {
    if (s == 0) s = 1;  // as glibc: a zero seed would make every value 0
    state_[0] = static_cast<std::int32_t>(s);
    std::int32_t word = state_[0];
    for (int i = 1; i < kDegree; ++i) {
      // state[i] = 16807 * state[i-1] % 2147483647, without overflowing 31 bits (Schrage).
      const std::int64_t hi = word / 127773;
      const std::int64_t lo = word % 127773;
      word = static_cast<std::int32_t>(16807 * lo - 2836 * hi);
      if (word < 0) word += 2147483647;
      state_[i] = word;
    }
    front_ = kSeparation;
    rear_ = 0;
    for (int i = 0; i < 10 * kDegree; ++i) next();  // glibc discards the first 310 values
  }

  // The next value, in [0, 2^31).
  std::int32_t next() {
    const std::uint32_t sum = static_cast<std::uint32_t>(state_[front_]) + static_cast<std::uint32_t>(state_[rear_]);
    state_[front_] = static_cast<std::int32_t>(sum);
    front_ = (front_ + 1) % kDegree;
    rear_ = (rear_ + 1) % kDegree;
    return static_cast<std::int32_t>(sum >> 1);
  }

 private:
  static constexpr int kDegree = 31;
  static constexpr int kSeparation = 3;
  std::int32_t state_[kDegree] = {};
  int front_ = kSeparation;
  int rear_ = 0;
};

}  // namespace braid::instrument
