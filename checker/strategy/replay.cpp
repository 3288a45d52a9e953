// Replay: runs exactly the schedule a token names, once, and fails loudly at the first choice
// point where the run no longer matches it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "checker/strategy/strategy.hpp"

namespace braid::strategy {
namespace {

class Replay final : public Strategy {
 public:
  explicit Replay(std::vector<std::uint32_t> choices) : choices_(std::move(choices)) {}

  std::string_view name() const override { return "replay"; }

  bool begin_execution() override {
    if (ran_) return false;
    ran_ = true;
    return true;
  }

  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t /*current*/) override {
    if (pos_ >= choices_.size()) {
      why_ = fmt::format(
          "replay diverged: the token ends after {} choice{}, but the run reached another "
          "choice point (threads {})",
          choices_.size(), choices_.size() == 1 ? "" : "s", fmt::join(options, ", "));
      return kDiverged;
    }
    std::uint32_t want = choices_[pos_];
    auto it = std::find(options.begin(), options.end(), want);
    if (it == options.end()) {
      why_ = fmt::format(
          "replay diverged at choice {}: the token runs thread {}, but the threads that can "
          "run there are {}",
          pos_ + 1, want, fmt::join(options, ", "));
      return kDiverged;
    }
    ++pos_;
    return static_cast<std::size_t>(it - options.begin());
  }

  void end_execution() override {}
  bool complete() const override { return false; }
  void resume_after(const Trail& /*trail*/, std::uint64_t /*done*/) override { ran_ = true; }

  std::string divergence() const override { return why_; }
  // An execution that ended before using every choice of the token also diverged.
  std::string end_check() const override {
    if (pos_ == choices_.size()) return {};
    return fmt::format("replay diverged: the run ended after {} of the token's {} choices", pos_, choices_.size());
  }

 private:
  std::vector<std::uint32_t> choices_;
  std::size_t pos_ = 0;
  bool ran_ = false;
  std::string why_;
};

}  // namespace

std::unique_ptr<Strategy> make_replay(std::vector<std::uint32_t> choices) {
  return std::make_unique<Replay>(std::move(choices));
}

}  // namespace braid::strategy
