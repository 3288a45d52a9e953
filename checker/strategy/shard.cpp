#include "checker/strategy/shard.hpp"

#include <fmt/format.h>

namespace braid::strategy {
namespace {

constexpr std::uint64_t kFnvBasis = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

// Incremental ownership of one path: feed choices until the prefix is complete.
class PrefixHash {
 public:
  explicit PrefixHash(std::uint32_t count) : target_(std::uint64_t{8} * count) {}
  void reset() {
    hash_ = kFnvBasis;
    product_ = 1;
  }
  // Adds a choice; true when the prefix is now complete.
  bool add(std::uint32_t value, std::uint32_t options) {
    if (complete()) return true;
    for (std::uint64_t part : {std::uint64_t{value}, std::uint64_t{options}}) {
      for (int b = 0; b < 8; ++b) hash_ = (hash_ ^ ((part >> (8 * b)) & 0xff)) * kFnvPrime;
    }
    product_ *= options;
    return complete();
  }
  bool complete() const { return product_ >= target_; }
  std::uint32_t owner(std::uint32_t count) const { return static_cast<std::uint32_t>(hash_ % count); }

 private:
  std::uint64_t target_;
  std::uint64_t hash_ = kFnvBasis;
  std::uint64_t product_ = 1;
};

class Shard final : public Strategy {
 public:
  Shard(std::unique_ptr<Strategy> inner, ShardMode mode, std::uint32_t index, std::uint32_t count)
      : inner_(std::move(inner)), mode_(mode), index_(index), count_(count), prefix_(count) {}

  std::string_view name() const override { return inner_->name(); }

  bool begin_execution() override {
    prefix_.reset();
    for (;;) {
      if (!inner_->begin_execution()) return false;
      const std::uint64_t i = next_++;
      owned_ = mode_ == ShardMode::prefix || i % count_ == index_;
      // why: a random execution depends on (seed, i) alone, so one another shard owns is
      // skipped without running it.
      if (owned_ || mode_ != ShardMode::skip) return true;
      inner_->end_execution();
    }
  }

  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t current) override {
    return follow(inner_->pick(options, current), options);
  }
  std::size_t pick_data(std::span<const std::uint32_t> options, std::uint32_t current) override {
    return follow(inner_->pick_data(options, current), options);
  }

  bool follows_steps() const override { return inner_->follows_steps(); }
  void attach(const StepView* view) override { inner_->attach(view); }
  void end_execution() override { inner_->end_execution(); }
  bool complete() const override { return inner_->complete(); }
  bool counted() const override {
    if (mode_ != ShardMode::prefix) return owned_;
    // A path that ended before its prefix was complete: the whole path is the prefix.
    return prefix_.owner(count_) == index_;
  }

  // `done` counts this shard's executions; random and pct number all of them.
  void resume_after(const Trail& trail, std::uint64_t done) override {
    if (mode_ == ShardMode::prefix || done == 0) {
      inner_->resume_after(trail, done);
      return;
    }
    const std::uint64_t global = index_ + (done - 1) * count_ + 1;
    next_ = global;
    inner_->resume_after(trail, global);
  }

  double explored_fraction() const override { return inner_->explored_fraction(); }
  std::string phase() const override {
    std::string inner = inner_->phase();
    return inner.empty() ? fmt::format("shard {}/{}", index_, count_)
                         : fmt::format("shard {}/{}, {}", index_, count_, inner);
  }
  std::string divergence() const override { return inner_->divergence(); }
  std::string end_check() const override { return inner_->end_check(); }
  bool save(nlohmann::json& out) const override { return inner_->save(out); }
  bool load(const nlohmann::json& in) override { return inner_->load(in); }

 private:
  std::size_t follow(std::size_t i, std::span<const std::uint32_t> options) {
    if (mode_ != ShardMode::prefix || i >= options.size() || prefix_.complete()) return i;
    if (prefix_.add(options[i], static_cast<std::uint32_t>(options.size())) && prefix_.owner(count_) != index_) {
      return kPrune;  // the subtree under this prefix is another shard's
    }
    return i;
  }

  std::unique_ptr<Strategy> inner_;
  ShardMode mode_;
  std::uint32_t index_;
  std::uint32_t count_;
  PrefixHash prefix_;
  std::uint64_t next_ = 0;  // executions begun (skip, index: the number of the next one)
  bool owned_ = true;
};

}  // namespace

ShardMode shard_mode(StrategyKind kind) {
  switch (kind) {
    case StrategyKind::dfs:
    case StrategyKind::pb:
      return ShardMode::prefix;
    case StrategyKind::random:
      return ShardMode::skip;
    case StrategyKind::dpor:
    case StrategyKind::pct:
    case StrategyKind::automatic:
      break;
  }
  return ShardMode::index;
}

std::uint32_t prefix_owner(std::span<const Choice> path, std::uint32_t count) {
  PrefixHash h(count);
  for (const Choice& c : path) {
    if (h.add(c.value, c.count)) break;
  }
  return h.owner(count);
}

std::unique_ptr<Strategy> make_shard(std::unique_ptr<Strategy> inner, ShardMode mode, std::uint32_t index,
                                     std::uint32_t count) {
  return std::make_unique<Shard>(std::move(inner), mode, index, count);
}

}  // namespace braid::strategy
