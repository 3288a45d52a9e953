// A decorator that counts what any strategy does (STYLE.md: cross-cutting concerns wrap a
// strategy): executions begun, choices made (points with two or more options), and preemptions
// (choosing another thread while the running one could go on).
#pragma once

#include <memory>

#include "checker/strategy/strategy.hpp"

namespace braid::strategy {

struct Counts {
  std::uint64_t executions = 0;
  std::uint64_t choices = 0;
  std::uint64_t preemptions = 0;
  std::uint64_t most_preemptions = 0;  // in one execution
};

class Metrics final : public Strategy {
 public:
  explicit Metrics(std::unique_ptr<Strategy> inner) : inner_(std::move(inner)) {}
  const Counts& counts() const { return counts_; }
  Strategy& inner() { return *inner_; }

  std::string_view name() const override { return inner_->name(); }
  bool begin_execution() override;
  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t current) override;
  std::size_t pick_data(std::span<const std::uint32_t> options, std::uint32_t current) override {
    return inner_->pick_data(options, current);
  }
  bool follows_steps() const override { return inner_->follows_steps(); }
  void attach(const StepView* view) override { inner_->attach(view); }
  void end_execution() override;
  bool counted() const override { return inner_->counted(); }
  bool complete() const override { return inner_->complete(); }
  void resume_after(const Trail& trail, std::uint64_t done) override { inner_->resume_after(trail, done); }
  double explored_fraction() const override { return inner_->explored_fraction(); }
  std::string phase() const override { return inner_->phase(); }
  std::string divergence() const override { return inner_->divergence(); }
  std::string end_check() const override { return inner_->end_check(); }
  bool save(nlohmann::json& out) const override { return inner_->save(out); }
  bool load(const nlohmann::json& in) override { return inner_->load(in); }

 private:
  std::unique_ptr<Strategy> inner_;
  Counts counts_;
  std::uint64_t preemptions_now_ = 0;
};

}  // namespace braid::strategy
