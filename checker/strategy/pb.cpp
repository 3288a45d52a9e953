// Iterative preemption bounding, as in CHESS (Musuvathi and Qadeer, PLDI 2007): every schedule
// with at most `bound` preemptions, those with 0 preemptions first, then those with exactly 1,
// and so on. A preemption is a choice of another thread while the current one could go on;
// switching away from a thread that blocked, finished or yielded is free.
//
// Iteration b runs only schedules with exactly b preemptions: no schedule is run twice. It works
// through a list of work items, each a prefix of choices that ends with the b-th preemption.
// From an item it runs a depth-first search in which every new choice point takes the current
// thread when it can (no preemption) and otherwise explores each thread in turn (free choices);
// the item's own prefix is never backtracked into. Each new point where the current thread
// could have been preempted gives items for iteration b + 1: the prefix up to it plus one
// preemption to each other thread. Iteration 0 has one item, the empty prefix.
//
// Memory: the items of the next iteration, one prefix each (as many as that iteration's
// executions, at most).
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <nlohmann/json.hpp>

#include "checker/strategy/strategy.hpp"

namespace braid::strategy {
namespace {

class PreemptionBound final : public Strategy {
 public:
  explicit PreemptionBound(unsigned bound) : bound_(bound) {}

  std::string_view name() const override { return "pb"; }

  bool begin_execution() override {
    pos_ = 0;
    return !done_;
  }

  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t current) override {
    if (pos_ < stack_.size()) {
      Frame& f = stack_[pos_++];
      // invariant: a deterministic test offers the same options at the same point of the prefix.
      if (!same_options(f.count, options.size(), pos_, why_)) return kDiverged;
      return f.index;
    }
    auto it = std::find(options.begin(), options.end(), current);
    const int cur = it == options.end() ? kFree : static_cast<int>(it - options.begin());
    const auto count = static_cast<std::uint16_t>(options.size());
    if (cur != kFree) {
      // The preemptions not taken here are the next iteration's items (or beyond the bound).
      if (level_ < bound_) {
        for (std::uint16_t j = 0; j < count; ++j) {
          if (static_cast<int>(j) == cur) continue;
          Prefix item(stack_.begin(), stack_.end());
          item.push_back(Frame{j, count, static_cast<std::int16_t>(cur)});
          next_.push_back(std::move(item));
        }
      } else {
        pruned_ = true;
      }
    }
    stack_.push_back(Frame{static_cast<std::uint16_t>(cur == kFree ? 0 : cur), count, static_cast<std::int16_t>(cur)});
    ++pos_;
    return stack_.back().index;
  }

  void end_execution() override {
    // Frames past pos_ belong to a longer, earlier execution: this one ended sooner.
    stack_.resize(pos_);
    ++executions_;
    backtrack();
  }

  // Complete only when the last iteration ran out and no schedule needed more preemptions.
  bool complete() const override { return done_ && !pruned_ && !resumed_; }

  // why: the items of this iteration and the next are not in the trail, so a fresh strategy in
  // a new worker cannot rebuild them. pb stops there, incomplete, rather than run schedules twice.
  void resume_after(const Trail& /*trail*/, std::uint64_t /*done*/) override {
    done_ = true;
    resumed_ = true;
  }

  // Overall: the executions so far over an estimate of the total. This iteration's total is its
  // executions so far over level_fraction(); the next one's is the items it has been given so
  // far, scaled the same way, times the executions per item of this one; each later iteration
  // grows by the same ratio. An estimate, and a rough one while an iteration is young.
  double explored_fraction() const override {
    if (done_) return 1;
    const double p = level_fraction();
    if (p <= 0) return last_estimate_;
    const double here = static_cast<double>(executions_ - level_start_) / p;
    double total = static_cast<double>(level_start_) + here;
    const double next = static_cast<double>(next_.size()) / p * (here / static_cast<double>(level_items_));
    const double growth = here > 0 ? next / here : 0;
    double level = here;
    for (unsigned b = level_ + 1; b <= bound_; ++b) {
      level *= growth;
      total += level;
    }
    last_estimate_ = total > 0 ? std::min(1.0, static_cast<double>(executions_) / total) : -1;
    return last_estimate_;
  }

  std::string phase() const override {
    if (done_) return {};
    const double p = level_fraction();
    return fmt::format("{} preemption{} of at most {}: ~{:.0f}%", level_, level_ == 1 ? "" : "s", bound_, p * 100);
  }

  std::string divergence() const override { return why_; }

  // Prefixes are flat arrays [index, count, cur, ...]; the rest are the counters below.
  bool save(nlohmann::json& out) const override {
    std::vector<nlohmann::json> items, next;
    for (const Prefix& p : items_) items.push_back(flat(p));
    for (const Prefix& p : next_) next.push_back(flat(p));
    out = {{"level", level_},
           {"stack", flat(stack_)},
           {"base", base_},
           {"items", items},
           {"next", next},
           {"executions", executions_},
           {"level_start", level_start_},
           {"level_items", level_items_},
           {"done", done_},
           {"pruned", pruned_},
           {"resumed", resumed_}};
    return true;
  }

  bool load(const nlohmann::json& in) override {
    level_ = in.at("level").get<unsigned>();
    base_ = in.at("base").get<std::size_t>();
    executions_ = in.at("executions").get<std::uint64_t>();
    level_start_ = in.at("level_start").get<std::uint64_t>();
    level_items_ = in.at("level_items").get<std::size_t>();
    done_ = in.at("done").get<bool>();
    pruned_ = in.at("pruned").get<bool>();
    resumed_ = in.at("resumed").get<bool>();
    items_.clear();
    next_.clear();
    bool ok = unflat(in.at("stack"), stack_) && base_ <= stack_.size() && level_items_ > 0;
    for (const nlohmann::json& p : in.at("items")) ok = ok && unflat(p, items_.emplace_back());
    for (const nlohmann::json& p : in.at("next")) ok = ok && unflat(p, next_.emplace_back());
    pos_ = 0;
    return ok;
  }

 private:
  static constexpr int kFree = -1;

  struct Frame {
    std::uint16_t index;  // the option taken
    std::uint16_t count;  // how many there were
    std::int16_t cur;     // the current thread's index among them, or kFree when it could not run
  };
  using Prefix = std::vector<Frame>;

  static nlohmann::json flat(const std::vector<Frame>& frames) {
    std::vector<int> out;
    out.reserve(frames.size() * 3);
    for (const Frame& f : frames) out.insert(out.end(), {f.index, f.count, f.cur});
    return out;
  }
  static bool unflat(const nlohmann::json& in, std::vector<Frame>& out) {
    auto v = in.get<std::vector<int>>();
    if (v.size() % 3 != 0) return false;
    out.clear();
    for (std::size_t i = 0; i < v.size(); i += 3) {
      if (v[i] < 0 || v[i] >= v[i + 1] || v[i + 1] > 0xffff || v[i + 2] < kFree || v[i + 2] >= v[i + 1]) return false;
      out.push_back(Frame{static_cast<std::uint16_t>(v[i]), static_cast<std::uint16_t>(v[i + 1]),
                          static_cast<std::int16_t>(v[i + 2])});
    }
    return true;
  }

  // This iteration's share done: its items done, plus the current item's share, read from its free
  // choices as dfs reads its stack (an estimate assuming a uniform tree).
  double level_fraction() const {
    double item = 0;
    double scale = 1;
    for (std::size_t i = base_; i < stack_.size(); ++i) {
      if (stack_[i].cur != kFree) continue;
      scale /= stack_[i].count;
      item += stack_[i].index * scale;
    }
    const double done = static_cast<double>(level_items_ - items_.size() - 1);
    return (done + item) / static_cast<double>(level_items_);
  }

  // The next schedule of this item: the deepest free choice with an option left, past the
  // item's prefix. When the item is exhausted, the next item, of this iteration or the next.
  void backtrack() {
    while (stack_.size() > base_) {
      Frame& f = stack_.back();
      if (f.cur == kFree && f.index + 1 < f.count) {
        ++f.index;
        return;
      }
      stack_.pop_back();
    }
    while (items_.empty()) {
      if (next_.empty()) {
        done_ = true;
        return;
      }
      ++level_;
      items_.swap(next_);
      level_items_ = items_.size();
      level_start_ = executions_;
    }
    stack_ = std::move(items_.front());
    items_.pop_front();
    base_ = stack_.size();
  }

  unsigned bound_;
  unsigned level_ = 0;        // the iteration: the preemptions of every schedule it runs
  std::vector<Frame> stack_;  // the current schedule's choices
  std::size_t base_ = 0;      // invariant: stack_[0, base_) is the current item, never backtracked
  std::deque<Prefix> items_;  // the rest of this iteration's items
  std::deque<Prefix> next_;   // the next iteration's items found so far
  std::size_t pos_ = 0;
  std::uint64_t executions_ = 0;       // executions ended so far
  std::uint64_t level_start_ = 0;      // executions_ when this iteration began
  std::size_t level_items_ = 1;        // the items this iteration began with
  mutable double last_estimate_ = -1;  // why: kept for the moment an iteration has just begun
  bool done_ = false;
  bool pruned_ = false;   // some schedule would have needed more than bound_ preemptions
  bool resumed_ = false;  // resumed after a crashed worker: the rest was not run
  std::string why_;
};

}  // namespace

std::unique_ptr<Strategy> make_pb(unsigned bound) { return std::make_unique<PreemptionBound>(bound); }

}  // namespace braid::strategy
