// The functions each modelled thread is inside, from clang's function entry and exit callbacks
// (__tsan_func_entry / __tsan_func_exit): one shadow call stack per thread, for one execution.
// A call costs a push and a pop: no scheduling point, no event.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "checker/instrument/runtime/code_names.hpp"
#include "checker/runtime/event.hpp"

namespace braid::instrument {

struct Frame {
  const void* function = nullptr;   // an address inside the function: where its entry callback returns
  const void* call_site = nullptr;  // the return address in its caller
  std::uint64_t activation = 0;     // this call's number in the execution, from 1
};

class ShadowStacks {
 public:
  void enter(rt::ThreadId t, const void* function, const void* call_site) {
    if (t >= stacks_.size()) stacks_.resize(t + 1);
    stacks_[t].push_back(Frame{function, call_site, ++activations_});
  }
  // why an empty stack is tolerated: a function left by longjmp (exit() in main) never returns,
  // and one entered before the execution began may return inside it.
  void exit(rt::ThreadId t) {
    if (t < stacks_.size() && !stacks_[t].empty()) stacks_[t].pop_back();
  }
  // A thread that finished (pthread_exit unwinds C frames without their exit callbacks).
  void clear(rt::ThreadId t) {
    if (t < stacks_.size()) stacks_[t].clear();
  }
  // Thread t's frames, outermost first.
  std::span<const Frame> of(rt::ThreadId t) const {
    return t < stacks_.size() ? std::span<const Frame>(stacks_[t]) : std::span<const Frame>();
  }
  // Whether the activation made at `depth` (0: outermost) of thread t has not returned yet.
  bool live(rt::ThreadId t, std::size_t depth, std::uint64_t activation) const {
    return t < stacks_.size() && depth < stacks_[t].size() && stacks_[t][depth].activation == activation;
  }

 private:
  std::vector<std::vector<Frame>> stacks_;  // per thread
  std::uint64_t activations_ = 0;
};

// A call stack for a bug message, innermost first: "count_words at strtok_threads.c:12, called
// from main at main.c:30". `pc` is the innermost site (in the innermost frame's function); sites
// are return-address placeholders, which the report resolves to file:line.
std::string describe_stack(std::span<const Frame> frames, const void* pc, CodeNames& names);

}  // namespace braid::instrument
