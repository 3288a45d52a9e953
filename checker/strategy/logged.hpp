// Record / replay of the calls one execution makes into a strategy, so that an execution can
// run in a forked child (fresh program state for unmodified programs) while the strategy that
// persists across executions lives in the parent. The child wraps its copy of the strategy in a
// Recorder; every call the execution makes (attach, pick, pick_data, end_execution) and every
// answer the StepView gives the strategy is appended to a CallLog in memory shared with the
// parent. The parent then hands the same calls to its own strategy through a Replayer, whose
// StepView answers from the log, and checks that the strategy answers as the child's copy did:
// both copies were equal when the child was forked, so they must. A mismatch is an internal
// error (a strategy that is not deterministic), thrown as std::runtime_error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "checker/strategy/strategy.hpp"

namespace braid::strategy {

// invariant: words [0, len) hold whole entries: {tag, argument words..., answer words...}.
struct CallLog {
  std::uint64_t len;
  std::uint64_t capacity;  // in words
  bool overflow;           // an entry did not fit: the execution's log is unusable
  std::uint32_t words[1];  // really `capacity` words: see call_log_bytes()
};

inline std::size_t call_log_bytes(std::uint64_t capacity) { return sizeof(CallLog) + (capacity - 1) * 4; }

// Wraps the child's strategy: forwards every call and logs it.
class Recorder final : public Strategy, public StepView {
 public:
  Recorder(Strategy& inner, CallLog& log) : inner_(inner), log_(log) { log_.len = 0, log_.overflow = false; }

  std::string_view name() const override { return inner_.name(); }
  bool begin_execution() override { return inner_.begin_execution(); }
  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t current) override;
  std::size_t pick_data(std::span<const std::uint32_t> options, std::uint32_t current) override;
  bool follows_steps() const override { return inner_.follows_steps(); }
  void attach(const StepView* view) override;
  void end_execution() override;
  bool counted() const override { return inner_.counted(); }
  bool complete() const override { return inner_.complete(); }
  void resume_after(const Trail& trail, std::uint64_t done) override { inner_.resume_after(trail, done); }
  std::string divergence() const override { return inner_.divergence(); }
  std::string end_check() const override { return inner_.end_check(); }

  // StepView, as the inner strategy sees it: the execution's answers, logged.
  std::uint32_t thread_count() const override;
  PendingStep pending(rt::ThreadId t) const override;
  bool finished(rt::ThreadId t) const override;
  bool held(rt::ObjectId object) const override;

 private:
  void log_pick_call(std::uint32_t tag, std::span<const std::uint32_t> options, std::uint32_t current);
  void put(std::uint32_t w) const;

  Strategy& inner_;
  CallLog& log_;
  const StepView* view_ = nullptr;
};

// Hands a logged execution to the parent's strategy.
class Replayer final : public StepView {
 public:
  Replayer(Strategy& inner, const CallLog& log) : inner_(inner), log_(log) {}
  // Replays the calls made up to end_execution (or to the end of the log).
  void replay_run();
  // Replays end_execution with its logged view answers; the log must then be used up.
  void replay_end();

  std::uint32_t thread_count() const override;
  PendingStep pending(rt::ThreadId t) const override;
  bool finished(rt::ThreadId t) const override;
  bool held(rt::ObjectId object) const override;

 private:
  std::uint32_t take() const;
  void expect(std::uint32_t tag, std::uint32_t arg) const;
  [[noreturn]] void mismatch(const char* what) const;

  Strategy& inner_;
  const CallLog& log_;
  mutable std::uint64_t pos_ = 0;
};

}  // namespace braid::strategy
