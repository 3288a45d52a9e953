// Exhaustive depth-first search over every schedule: the stack holds, for each choice point of
// the current execution, the option taken and how many there were. Executions replay the stack
// as a prefix, then take option 0 at each new point; backtracking bumps the deepest choice that
// has options left. Stateless (the test reruns from the start each time), so memory is one frame
// per choice point of the deepest execution.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "checker/strategy/strategy.hpp"

namespace braid::strategy {
namespace {

class Dfs final : public Strategy {
 public:
  std::string_view name() const override { return "dfs"; }

  bool begin_execution() override {
    pos_ = 0;
    return !done_;
  }

  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t /*current*/) override {
    if (pos_ < stack_.size()) {
      Frame& f = stack_[pos_++];
      // invariant: a deterministic test offers the same options at the same point of the prefix.
      if (!same_options(f.count, options.size(), pos_, why_)) return kDiverged;
      return f.index;
    }
    stack_.push_back(Frame{0, static_cast<std::uint32_t>(options.size())});
    ++pos_;
    return 0;
  }

  void end_execution() override {
    // Frames past pos_ belong to a longer, earlier execution: this one ended sooner.
    stack_.resize(pos_);
    backtrack();
  }

  bool complete() const override { return done_; }

  void resume_after(const Trail& trail, std::uint64_t /*done*/) override {
    stack_.clear();
    for (const Choice& c : trail) stack_.push_back(Frame{c.index, c.count});
    pos_ = stack_.size();
    done_ = false;
    backtrack();
  }

  // An estimate that assumes a uniform tree (every subtree at one depth the same size): the
  // stack is read as a number in mixed radix, (index_1 / count_1) + (index_2 / (count_1 count_2))
  // + ..., the share of the leaves to the left of the next execution. Real trees are lopsided
  // (a thread that finishes early leaves fewer choices), so the figure drifts as it goes.
  double explored_fraction() const override {
    if (done_) return 1;
    double fraction = 0;
    double scale = 1;
    for (const Frame& f : stack_) {
      scale /= f.count;
      fraction += f.index * scale;
    }
    return fraction;
  }

  std::string divergence() const override { return why_; }

  // {"stack": [index, count, ...], "done": bool}: the prefix the next execution replays.
  bool save(nlohmann::json& out) const override {
    std::vector<std::uint32_t> flat;
    flat.reserve(stack_.size() * 2);
    for (const Frame& f : stack_) {
      flat.push_back(f.index);
      flat.push_back(f.count);
    }
    out = {{"stack", flat}, {"done", done_}};
    return true;
  }

  bool load(const nlohmann::json& in) override {
    auto flat = in.at("stack").get<std::vector<std::uint32_t>>();
    if (flat.size() % 2 != 0) return false;
    stack_.clear();
    for (std::size_t i = 0; i < flat.size(); i += 2) {
      if (flat[i] >= flat[i + 1]) return false;
      stack_.push_back(Frame{flat[i], flat[i + 1]});
    }
    done_ = in.at("done").get<bool>();
    pos_ = 0;
    return true;
  }

 private:
  struct Frame {
    std::uint32_t index;
    std::uint32_t count;
  };

  void backtrack() {
    while (!stack_.empty() && stack_.back().index + 1 >= stack_.back().count) stack_.pop_back();
    if (stack_.empty()) {
      done_ = true;
    } else {
      ++stack_.back().index;
    }
  }

  std::vector<Frame> stack_;
  std::size_t pos_ = 0;
  bool done_ = false;
  std::string why_;
};

}  // namespace

std::unique_ptr<Strategy> make_dfs() { return std::make_unique<Dfs>(); }

}  // namespace braid::strategy
