// The dpor strategy's search state (see dpor.cpp for the algorithm). Declared here so that
// its parts (the search, its checkpoint) can live in files of their own.
#pragma once

#include <string>
#include <vector>

#include "checker/strategy/dpor_events.hpp"
#include "checker/strategy/strategy.hpp"
#include "checker/strategy/wakeup_tree.hpp"

namespace braid::strategy::dpor {

class Search final : public Strategy {
 public:
  std::string_view name() const override { return "dpor"; }
  bool follows_steps() const override { return true; }
  void attach(const StepView* view) override { view_ = view; }

  bool begin_execution() override {
    if (done_) return false;
    pos_ = 0;
    events_.clear();
    local_.assign(64, 0);
    held_.clear();
    return true;
  }

  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t current) override;
  std::size_t pick_data(std::span<const std::uint32_t> options, std::uint32_t current) override;

  void end_execution() override;

  bool complete() const override { return done_ && !cut_short_; }

  void resume_after(const Trail& /*trail*/, std::uint64_t /*done*/) override {
    // The search state (sleep sets, wakeup trees) died with the worker: it cannot be rebuilt from
    // the choices of one execution. The exploration ends there, reported as not complete.
    done_ = true;
    cut_short_ = true;
  }

  std::string divergence() const override { return why_; }
  // In dpor_checkpoint.cpp.
  bool save(nlohmann::json& out) const override;
  bool load(const nlohmann::json& in) override;

 private:
  struct DataChoice {
    std::uint32_t index;
    std::uint32_t count;
  };
  struct Node {
    std::uint64_t enabled = 0;  // the threads that could run here (a bit each)
    std::vector<Sig> sleep;
    WakeupTree wut;
    Sig chosen;                    // the event taken here, as it was pending
    std::vector<DataChoice> data;  // choices made inside that event (which waiter wakes)
  };

  static std::uint64_t mask_of(std::span<const std::uint32_t> options) {
    std::uint64_t m = 0;
    for (std::uint32_t t : options) m |= std::uint64_t{1} << t;
    return m;
  }
  static bool in(std::uint64_t mask, rt::ThreadId t) { return ((mask >> t) & 1U) != 0; }
  static bool asleep(const Node& n, rt::ThreadId t) {
    return std::any_of(n.sleep.begin(), n.sleep.end(), [t](const Sig& s) { return s.thread == t; });
  }
  void new_node(std::span<const std::uint32_t> options, std::uint32_t current);
  void drop_unrunnable(Node& n);
  void expand_if_global(Node& n, std::span<const std::uint32_t> options);
  // Drops the deepest node, keeping its storage for the next new_node.
  void retire_last();
  void record_last_event();
  // Appends, for the analysis only, the operation each unfinished thread was waiting to perform.
  void add_unperformed();
  void reverse(const Reversal& r);
  void backtrack();

  const StepView* view_ = nullptr;
  std::vector<Node> nodes_;
  std::vector<Node> spare_;      // retired nodes (not search state: storage to reuse)
  std::size_t pos_ = 0;          // the node of the next event
  std::size_t data_pos_ = 0;     // the next data choice of the event in progress
  std::size_t diverged_at_ = 0;  // the first event of this execution not in the last one
  bool done_ = false;
  bool expand_all_ = false;  // the test has global operations: branch on every awake thread
  bool cut_short_ = false;
  bool pruned_ = false;
  std::string why_;

  // This execution's events, as the analysis needs them, and what they are computed from.
  std::vector<Event> events_;
  std::vector<std::uint32_t> local_;  // events per thread so far
  std::vector<bool> held_;            // per mutex: whether anybody holds it
  PendingStep in_progress_;           // the pending operation of the event being performed
  Analysis analysis_;
};

}  // namespace braid::strategy::dpor
