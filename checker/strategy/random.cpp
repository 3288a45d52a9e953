// Uniform random choice at every point. Execution i draws from a generator seeded by (seed, i),
// so any execution can be rerun on its own and a resumed run continues the same sequence.
#include <nlohmann/json.hpp>

#include "checker/strategy/strategy.hpp"

namespace braid::strategy {
namespace {

// splitmix64: small, fast and good enough to pick among a handful of threads.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Random final : public Strategy {
 public:
  Random(std::uint64_t seed, std::uint64_t executions) : seed_(seed), limit_(executions) {}

  std::string_view name() const override { return "random"; }

  bool begin_execution() override {
    if (started_ >= limit_) return false;
    state_ = mix(seed_ ^ mix(started_));
    ++started_;
    return true;
  }

  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t /*current*/) override {
    state_ = mix(state_);
    return static_cast<std::size_t>(state_ % options.size());
  }

  void end_execution() override {}
  bool complete() const override { return false; }
  // Exact: the run is a fixed number of executions.
  double explored_fraction() const override {
    return limit_ == 0 ? 1 : static_cast<double>(started_) / static_cast<double>(limit_);
  }
  void resume_after(const Trail& /*trail*/, std::uint64_t done) override { started_ = done; }
  // Execution i depends only on (seed, i): the count started is the whole state.
  bool save(nlohmann::json& out) const override {
    out = {{"started", started_}};
    return true;
  }
  bool load(const nlohmann::json& in) override {
    started_ = in.at("started").get<std::uint64_t>();
    return true;
  }

 private:
  std::uint64_t seed_;
  std::uint64_t limit_;
  std::uint64_t started_ = 0;
  std::uint64_t state_ = 0;
};

}  // namespace

std::unique_ptr<Strategy> make_random(std::uint64_t seed, std::uint64_t executions) {
  return std::make_unique<Random>(seed, executions);
}

}  // namespace braid::strategy
