// PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and Nagarakatte,
// ASPLOS 2010). Each execution gives every thread a random priority when it is first offered,
// and always runs the highest-priority thread that can run. depth - 1 change points, drawn among
// the first k choice points, each lower the priority of the thread about to run below every
// other priority. A bug that needs d ordering constraints (its depth) is found by one execution
// with probability at least 1 / (n k^(d-1)) for n threads, when d <= depth.
//
// Steps are counted in choice points (points with two or more options), the only points the
// strategy sees. k is estimated: 100 before the first execution, then the most choice points
// any execution so far made. Execution i draws from a generator seeded by (seed, i), as random does.
#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "checker/strategy/strategy.hpp"

namespace braid::strategy {
namespace {

constexpr std::uint64_t kInitialSteps = 100;

std::uint64_t mix(std::uint64_t x) {  // splitmix64, as in random.cpp
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Pct final : public Strategy {
 public:
  Pct(std::uint64_t seed, std::uint64_t executions, unsigned depth) : seed_(seed), limit_(executions), depth_(depth) {}

  std::string_view name() const override { return "pct"; }

  bool begin_execution() override {
    if (started_ >= limit_) return false;
    // why: a constant apart from random's, so that pct and random with one seed draw differently.
    state_ = mix(seed_ ^ mix(started_ ^ 0x7063740000000000ULL));
    ++started_;
    priority_.clear();
    picks_ = 0;
    lowest_ = 0;
    const std::uint64_t k = max_picks_ != 0 ? max_picks_ : kInitialSteps;
    change_points_.clear();
    // Distinct points in [1, k]; fewer than depth - 1 when k is smaller than that.
    for (unsigned i = 1; i < depth_ && change_points_.size() < k; ++i) {
      std::uint64_t p = 0;
      do {
        p = 1 + next() % k;
      } while (std::find(change_points_.begin(), change_points_.end(), p) != change_points_.end());
      change_points_.push_back(p);
    }
    return true;
  }

  std::size_t pick(std::span<const std::uint32_t> options, std::uint32_t /*current*/) override {
    ++picks_;
    for (std::uint32_t t : options) {
      if (t >= priority_.size()) priority_.resize(t + 1, kUnset);
      // invariant: initial priorities are positive and distinct (ties broken by thread id).
      if (priority_[t] == kUnset) priority_[t] = static_cast<std::int64_t>(next() >> 2) + 1;
    }
    std::size_t best = highest(options);
    if (std::find(change_points_.begin(), change_points_.end(), picks_) != change_points_.end()) {
      priority_[options[best]] = --lowest_;
      best = highest(options);
    }
    return best;
  }

  void end_execution() override { max_picks_ = std::max(max_picks_, picks_); }
  bool complete() const override { return false; }
  // Exact: the run is a fixed number of executions.
  double explored_fraction() const override {
    return limit_ == 0 ? 1 : static_cast<double>(started_) / static_cast<double>(limit_);
  }

  // A fresh strategy in a new worker knows only the crashed execution's choice points: later
  // executions estimate k from it (and from those that follow).
  void resume_after(const Trail& trail, std::uint64_t done) override {
    started_ = done;
    max_picks_ = std::max<std::uint64_t>(max_picks_, trail.size());
  }

  // Execution i depends on (seed, i) and on k, the most choice points seen so far.
  bool save(nlohmann::json& out) const override {
    out = {{"started", started_}, {"max_picks", max_picks_}};
    return true;
  }
  bool load(const nlohmann::json& in) override {
    started_ = in.at("started").get<std::uint64_t>();
    max_picks_ = in.at("max_picks").get<std::uint64_t>();
    return true;
  }

 private:
  static constexpr std::int64_t kUnset = std::numeric_limits<std::int64_t>::min();

  std::uint64_t next() { return state_ = mix(state_); }

  std::size_t highest(std::span<const std::uint32_t> options) const {
    std::size_t best = 0;
    for (std::size_t i = 1; i < options.size(); ++i) {
      if (priority_[options[i]] > priority_[options[best]]) best = i;
    }
    return best;
  }

  std::uint64_t seed_;
  std::uint64_t limit_;
  unsigned depth_;
  std::uint64_t started_ = 0;
  std::uint64_t state_ = 0;
  std::uint64_t max_picks_ = 0;               // the most choice points of an execution so far
  std::uint64_t picks_ = 0;                   // choice points of this execution
  std::int64_t lowest_ = 0;                   // the last priority a change point gave
  std::vector<std::int64_t> priority_;        // by thread id; kUnset until first offered
  std::vector<std::uint64_t> change_points_;  // picks_ values at which priorities change
};

}  // namespace

std::unique_ptr<Strategy> make_pct(std::uint64_t seed, std::uint64_t executions, unsigned depth) {
  return std::make_unique<Pct>(seed, executions, depth);
}

}  // namespace braid::strategy
