// Non-reentrant functions of the program: two activations of one function, on different threads,
// overlap, and the state one relied on is changed under it. Activation A reads a static variable,
// activation B (another thread) writes it before A returns, and A then writes it without reading
// it again: A's write acts on what it read before B's change. Reported as `nonreentrant`, naming
// the function, the variable, the three accesses and both call stacks: the thread twin of
// detect::ReentrancyDetector's rule across coroutine suspension.
//
// why this rule, and no false alarm on correct code: a lock held across the whole
// read-modify-write keeps B's write out of A's activation; re-reading the variable before the
// write (the usual fix) clears the stale read; an unprotected read-modify-write is a data race,
// which the race detector reports first (it sees B's write before this rule sees A's). Only
// plain variables of static storage count: atomics are shared on purpose, and the heap and the
// stacks are not a function's hidden state. An access belongs to the innermost function, the one
// whose code makes it; recursion on one thread is not a reentrancy across threads.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "checker/detect/detector.hpp"
#include "checker/instrument/runtime/shadow_stacks.hpp"

namespace braid::instrument {

class FunctionReentrancy {
 public:
  FunctionReentrancy(const ShadowStacks& stacks, CodeNames& names) : stacks_(stacks), names_(names) {}
  // A read or write (e.op) of the static variable e.object by thread e.thread.
  void on_access(const rt::Event& e, const detect::ExecutionView& view, detect::BugSink& sink);

 private:
  // Another activation's write, made while this one was running after it read the variable.
  struct Stale {
    rt::ThreadId writer = rt::kNoThread;
    rt::Site written_at;
    rt::Site read_at;
    std::vector<Frame> writer_stack;  // the writer's call stack at its write
  };
  struct Activation {
    const void* function = nullptr;
    rt::ThreadId thread = rt::kNoThread;
    std::size_t depth = 0;                             // its frame's index in its thread's stack
    std::unordered_map<rt::ObjectId, rt::Site> reads;  // what it read, and where (last read)
    std::unordered_map<rt::ObjectId, Stale> stale;
  };

  // The innermost activation of `frames` (thread t's stack), recorded on its first access.
  Activation& activation(rt::ThreadId t, std::span<const Frame> frames);
  // Forgets those of `activations` (one function's) that have returned.
  void prune(std::vector<std::uint64_t>& activations);
  void report(const Activation& a, const Stale& s, const rt::Event& e, std::span<const Frame> frames,
              const detect::ExecutionView& view, detect::BugSink& sink);

  const ShadowStacks& stacks_;
  CodeNames& names_;
  std::unordered_map<std::uint64_t, Activation> activations_;  // by Frame::activation
  // invariant: holds every key of activations_, under its function.
  std::unordered_map<const void*, std::vector<std::uint64_t>> by_function_;
};

}  // namespace braid::instrument
