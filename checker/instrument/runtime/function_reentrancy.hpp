// Non-reentrant functions of the program: two activations of one function, on different threads,
// overlap, and the state one relied on is changed under it. Activation A reads a static variable,
// activation B (another thread) writes it before A returns, and A then writes it without reading
// it again: A's write acts on what it read before B's change. Reported as `nonreentrant`, naming
// the function, the variable, the lock, the three accesses and both call stacks: the thread twin
// of detect::ReentrancyDetector's rule across coroutine suspension.
//
// why this rule, and no false alarm on correct code: the three accesses must hold one lock in
// common (each one protected, the read-modify-write as a whole not). Without it they race, and a
// data race is what the race detector reports (an unprotected x++ stays a data_race, also with
// --keep-going); with the lock held from the read to the write, B's write cannot come between;
// re-reading the variable before the write (the usual fix) clears the stale read. Only plain
// variables of static storage count: atomics are shared on purpose, and the heap and the stacks
// are not a function's hidden state. An access belongs to the innermost function, whose code makes
// it (with optimisation, a function inlined into its caller is part of the caller's activation);
// recursion on one thread is no reentrancy across threads.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "checker/detect/detector.hpp"
#include "checker/instrument/runtime/shadow_stacks.hpp"

namespace braid::instrument {

class FunctionReentrancy {
 public:
  FunctionReentrancy(const ShadowStacks& stacks, CodeNames& names) : stacks_(stacks), names_(names) {}
  // A read or write (e.op) of the static variable e.object by thread e.thread.
  void on_access(const rt::Event& e, const detect::ExecutionView& view, detect::BugSink& sink);
  // A mutex or shared_mutex operation (e.op): the locks each thread holds.
  void on_lock(const rt::Event& e);

 private:
  using Locks = std::vector<rt::ObjectId>;
  // A read, and the locks held when it was made.
  struct Read {
    rt::Site at;
    Locks locks;
  };
  // Another activation's write, made while this one was running after it read the variable.
  struct Stale {
    rt::ThreadId writer = rt::kNoThread;
    rt::Site written_at;
    rt::Site read_at;
    Locks locks;                      // held at both the read and the write
    std::vector<Frame> writer_stack;  // the writer's call stack at its write
  };
  struct Activation {
    const void* function = nullptr;
    rt::ThreadId thread = rt::kNoThread;
    std::size_t depth = 0;                         // its frame's index in its thread's stack
    std::unordered_map<rt::ObjectId, Read> reads;  // what it read (last read)
    std::unordered_map<rt::ObjectId, Stale> stale;
  };

  // The innermost activation of `frames` (thread t's stack), recorded on its first access.
  Activation& activation(rt::ThreadId t, std::span<const Frame> frames);
  // Forgets those of `activations` (one function's) that have returned.
  void prune(std::vector<std::uint64_t>& activations);
  // The locks thread t holds now.
  Locks held(rt::ThreadId t) const;
  void report(const Activation& a, const Stale& s, rt::ObjectId lock, const rt::Event& e, std::span<const Frame> frames,
              const detect::ExecutionView& view, detect::BugSink& sink);

  const ShadowStacks& stacks_;
  CodeNames& names_;
  std::unordered_map<std::uint64_t, Activation> activations_;  // by Frame::activation
  // invariant: holds every key of activations_, under its function.
  std::unordered_map<const void*, std::vector<std::uint64_t>> by_function_;
  // per thread: the locks it holds, and how many times
  std::vector<std::vector<std::pair<rt::ObjectId, std::int64_t>>> holds_;
};

}  // namespace braid::instrument
