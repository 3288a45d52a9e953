// Non-reentrancy across coroutine suspension: an activation of a coroutine function reads
// shared state (a braid::var or braid::atomic), suspends, and while it is suspended another
// activation of the same function writes that state; when the first one resumes and writes the
// state without reading it again, it acts on a stale read. That is reported as `nonreentrant`,
// naming both activations, the state, the read, the suspension point and both writes.
// why "without reading it again": re-checking after the co_await is the usual fix, and must pass.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "checker/detect/detector.hpp"

namespace braid::detect {

// The reentrancy checks of the instrumentation runtime (`braid check`): overlapping activations
// of a program's functions across threads, and uses of the hidden state of non-reentrant libc
// functions. They watch the same events, but belong to one execution of an instrumented program:
// the runtime library sets this once, when it is loaded, to a function that returns the checks
// of the execution running on this OS thread (nullptr: none), and ReentrancyDetector hands them
// every event. Not set in a test binary of braid::explore tests.
inline Detector* (*runtime_checks)() = nullptr;

class ReentrancyDetector final : public Detector {
 public:
  void reset() override;
  void on_event(const rt::Event& e, const ExecutionView& view, BugSink& sink) override;

 private:
  // Another activation's write, made while this one was suspended after reading the state.
  struct Stale {
    rt::ObjectId writer = rt::kNoObject;
    rt::Site written_at;
    rt::Site read_at;
    rt::Site suspended_at;
  };
  struct Activation {
    std::string function;  // the coroutine function (its signature): activations of it compete
    unsigned number = 0;   // 1-based among its function's, in order of first resumption
    bool suspended = false;
    rt::Site suspended_at;
    std::unordered_map<rt::ObjectId, rt::Site> reads;  // state it read, and where (last read)
    std::unordered_map<rt::ObjectId, Stale> stale;
  };

  Activation& activation(rt::ObjectId id, const ExecutionView& view);
  void on_read(Activation& a, const rt::Event& e);
  void on_write(rt::ObjectId self, Activation& a, const rt::Event& e, const ExecutionView& view, BugSink& sink);

  std::unordered_map<rt::ObjectId, Activation> activations_;
  std::vector<rt::ObjectId> running_;  // per thread: the activation it is running, or kNoObject
  std::unordered_map<std::string, unsigned> counts_;  // per function: activations so far
};

}  // namespace braid::detect
