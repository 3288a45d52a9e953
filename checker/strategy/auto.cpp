// --strategy=auto, for a CI budget: exhaustive dpor first; if it has not finished within half of
// the budget (--time-limit, or --max-executions), PCT for the rest. With no budget it is dpor
// alone. The phase says which part ran and whether dpor completed, for the report's coverage.
#include <fmt/format.h>

#include <chrono>
#include <limits>

#include "checker/strategy/strategy.hpp"

namespace braid::strategy {
namespace {

using Clock = std::chrono::steady_clock;

class Auto final : public Strategy {
 public:
  explicit Auto(const Options& o) : options_(o), dpor_(make_dpor()), start_(Clock::now()) {}

  std::string_view name() const override { return "auto"; }
  // why always: dpor follows every step; in the pct phase single options are answered here.
  bool follows_steps() const override { return true; }
  void attach(const StepView* view) override { dpor_->attach(view); }

  bool begin_execution() override {
    if (pct_ == nullptr) {
      if (!dpor_over_budget() && dpor_->begin_execution()) return true;
      if (dpor_->complete()) return false;
      switch_to_pct();
    }
    return pct_->begin_execution();
  }

  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t current) override {
    if (pct_ == nullptr) return dpor_->pick(options, current);
    return options.size() == 1 ? 0 : pct_->pick(options, current);
  }
  std::size_t pick_data(std::span<const std::uint32_t> options, std::uint32_t current) override {
    return pct_ == nullptr ? dpor_->pick_data(options, current) : pct_->pick_data(options, current);
  }
  void end_execution() override {
    if (pct_ == nullptr) {
      dpor_->end_execution();
      ++dpor_executions_;
    } else {
      pct_->end_execution();
      ++pct_executions_;
    }
  }
  bool complete() const override { return pct_ == nullptr && dpor_->complete(); }

  void resume_after(const Trail& trail, std::uint64_t done) override {
    // dpor cannot go on after a crash killed its worker (see dpor.cpp); PCT can.
    if (pct_ == nullptr) switch_to_pct();
    pct_->resume_after(trail, done);
  }

  std::string phase() const override {
    if (pct_ == nullptr) return "dpor";
    return fmt::format("dpor did not complete in {} executions (half the budget); then pct depth {} (seed {})",
                       dpor_executions_, options_.depth, options_.seed);
  }
  std::string divergence() const override { return pct_ == nullptr ? dpor_->divergence() : pct_->divergence(); }

 private:
  bool dpor_over_budget() const {
    if (options_.max_executions != 0 && 2 * dpor_executions_ >= options_.max_executions) return true;
    if (options_.time_limit_s <= 0) return false;
    // why every 16: reading the clock costs about as much as a scheduling point.
    return dpor_executions_ % 16 == 0 &&
           std::chrono::duration<double>(Clock::now() - start_).count() >= options_.time_limit_s / 2;
  }
  void switch_to_pct() {
    std::uint64_t left = std::numeric_limits<std::uint64_t>::max() / 2;
    if (options_.max_executions != 0) left = options_.max_executions - dpor_executions_;
    pct_ = make_pct(options_.seed, left, options_.depth);
  }

  Options options_;
  std::unique_ptr<Strategy> dpor_;
  std::unique_ptr<Strategy> pct_;
  Clock::time_point start_;
  std::uint64_t dpor_executions_ = 0;
  std::uint64_t pct_executions_ = 0;
};

}  // namespace

std::unique_ptr<Strategy> make_auto(const Options& options) { return std::make_unique<Auto>(options); }

}  // namespace braid::strategy
