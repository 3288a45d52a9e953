#include "checker/runtime/runner.hpp"

#include <fmt/format.h>

#include <signal.h>

#include <chrono>
#include <cstring>
#include <set>

#include "checker/cli/version.hpp"
#include "checker/detect/lock_order.hpp"
#include "checker/detect/race_detector.hpp"
#include "checker/detect/reentrancy.hpp"
#include "checker/runtime/bug_builder.hpp"
#include "checker/runtime/checkpoint.hpp"
#include "checker/runtime/execution.hpp"
#include "checker/runtime/interrupt.hpp"
#include "checker/runtime/stack_pool.hpp"
#include "checker/strategy/metrics.hpp"
#include "checker/strategy/strategy.hpp"
#include "checker/strategy/token.hpp"

namespace braid::rt {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Reads the clock every `stride_` executions, the stride tuned so that a read comes every few
// milliseconds. why: a clock read costs as much as a scheduling point, too much for every
// execution of a small test, while a fixed stride leaves slow tests without a timely time limit
// or progress line.
class Pacer {
 public:
  // True when this call read the clock: now() is fresh.
  bool tick() {
    if (++count_ < stride_) return false;
    count_ = 0;
    Clock::time_point t = Clock::now();
    Clock::duration gap = t - now_;
    now_ = t;
    if (gap < std::chrono::milliseconds(1) && stride_ < 1024) {
      stride_ *= 2;
    } else if (gap > std::chrono::milliseconds(4) && stride_ > 1) {
      stride_ /= 2;
    }
    return true;
  }
  Clock::time_point now() const { return now_; }

 private:
  std::uint32_t stride_ = 1;
  std::uint32_t count_ = 0;
  Clock::time_point now_ = Clock::now();
};

// Trail storage for a run that was given none.
struct OwnedTrail {
  explicit OwnedTrail(std::uint64_t capacity) : bytes(strategy::trail_bytes(capacity)) {
    buf = static_cast<strategy::TrailBuffer*>(::operator new(bytes));
    buf->len = 0;
    buf->capacity = capacity;
    buf->running = 0;
    buf->steps = 0;
  }
  ~OwnedTrail() { ::operator delete(buf); }
  OwnedTrail(const OwnedTrail&) = delete;
  OwnedTrail& operator=(const OwnedTrail&) = delete;
  std::size_t bytes;
  strategy::TrailBuffer* buf;
};

ExecutionConfig config_of(const Options& o) { return ExecutionConfig{o.max_steps, o.spurious_wakeups, o.keep_going}; }

// One execution of `choices`, recording its steps; returns what it found.
Outcome traced_run(const std::function<void()>& body, const ExecutionConfig& cfg, std::size_t stack_size,
                   const std::vector<std::uint32_t>& choices, detect::TraceRecorder& recorder) {
  StackPool pool(stack_size);
  OwnedTrail trail(cfg.max_steps + 1);
  Execution ex(cfg, pool, *trail.buf);
  detect::RaceDetector race;
  detect::ReentrancyDetector reentrancy;
  // The recorder goes first, so that the access that completes a race is in the trace.
  ex.add_detector(&recorder);
  ex.add_detector(&race);
  ex.add_detector(&reentrancy);
  auto replay = strategy::make_replay(choices);
  ex.set_strategy(replay.get());
  replay->begin_execution();
  return ex.run(body);
}

class Exploration {
 public:
  Exploration(const std::function<void()>& body, const Options& options, const std::string& name, RunHooks& hooks)
      : body_(body), options_(options), name_(name), hooks_(hooks), cfg_(config_of(options)) {}

  Result run();

 private:
  bool setup_strategy(Result& r);
  // Resumes from options_.checkpoint; false when the run is over already (an error, or a test
  // whose saved exploration ended: `r` is its result).
  bool resume_checkpoint(Result& r);
  void save_checkpoint(Result& r, Stop why);
  std::optional<Stop> over_budget(const Result& r, bool clock_read) const;
  void report_progress(const Result& r);
  void record_bugs(const Outcome& o, const strategy::Trail& trail, Result& r);
  // A schedule that realises a lock-order inversion as a deadlock, searched for in a nested
  // bounded dpor run with the lock-order graph off; "" when none was found.
  std::string realising_schedule();
  void add_realisation(Bug& bug);
  // The steps of one run of `choices` (where the host runs executions, when there is one).
  std::vector<detect::RecordedStep> traced_steps(const std::vector<std::uint32_t>& choices);
  // Ends the execution just run (`executions`: those counted so far).
  void end_one(std::uint64_t executions);

  const std::function<void()>& body_;
  const Options& options_;
  const std::string& name_;
  RunHooks& hooks_;
  ExecutionConfig cfg_;
  std::unique_ptr<strategy::Strategy> strategy_;
  strategy::Metrics* metrics_ = nullptr;  // strategy_ itself, when it is not a replay
  std::vector<std::uint32_t> replay_choices_;
  bool replaying_ = false;
  std::set<std::string> seen_;           // detect::bug_key of the bugs reported by this run
  std::set<std::string> restored_keys_;  // reported_key of the bugs the checkpoint holds
  Clock::time_point start_ = Clock::now();
  Pacer pacer_;
  Clock::time_point last_progress_ = start_;
  double elapsed_before_ = 0;  // time spent in the runs the checkpoint continues
};

bool Exploration::resume_checkpoint(Result& r) {
  if (options_.checkpoint.empty() || replaying_ || hooks_.resume) return true;
  auto loaded = load_checkpoint(options_.checkpoint, name_, options_);
  if (auto* err = std::get_if<std::string>(&loaded)) {
    r.verdict = Verdict::error;
    r.error = *err;
    return false;
  }
  std::optional<Checkpoint>& c = std::get<std::optional<Checkpoint>>(loaded);
  if (!c) return true;
  bool ok = false;
  try {
    ok = c->done || strategy_->load(c->strategy);
  } catch (const std::exception&) {
    ok = false;
  }
  if (!ok) {
    r.verdict = Verdict::error;
    r.error = fmt::format("checkpoint {} is damaged (the {} state of {}): remove it to start over", options_.checkpoint,
                          r.strategy, name_);
    return false;
  }
  // why: under isolation the parent collects bugs as they are sent, restored ones included.
  if (hooks_.on_bug) {
    for (const Bug& b : c->result.bugs) hooks_.on_bug(b);
  }
  hooks_.resumed_elapsed_s = c->result.elapsed_s;
  if (c->done) {
    r = std::move(c->result);
    r.pruned = c->pruned;
    return false;
  }
  r.executions = c->result.executions;
  r.steps = c->result.steps;
  r.pruned = c->pruned;
  r.bugs = std::move(c->result.bugs);
  restored_keys_.insert(c->seen.begin(), c->seen.end());
  elapsed_before_ = c->result.elapsed_s;
  return true;
}

// After the run: the frontier when it can go on, else its final result. A failure to write is
// the run's error: the user asked for a checkpoint and would lose the work.
void Exploration::save_checkpoint(Result& r, Stop why) {
  if (options_.checkpoint.empty() || replaying_ || why == Stop::error || r.verdict == Verdict::error) return;
  Checkpoint c;
  c.done = !resumable(why, options_);
  c.result = r;
  c.pruned = r.pruned;
  std::set<std::string> keys(restored_keys_);
  for (const Bug& b : r.bugs) keys.insert(reported_key(b));
  c.seen.assign(keys.begin(), keys.end());
  if (!c.done && !strategy_->save(c.strategy)) c.done = true;  // cannot go on: keep the result
  std::string error;
  if (!rt::save_checkpoint(options_.checkpoint, name_, options_, c, error)) {
    r.verdict = Verdict::error;
    r.error = error;
  }
}

bool Exploration::setup_strategy(Result& r) {
  if (options_.replay.empty()) {
    auto metrics = std::make_unique<strategy::Metrics>(strategy::make_strategy(options_));
    metrics_ = metrics.get();
    strategy_ = std::move(metrics);
    r.strategy = to_string(options_.strategy);
    return true;
  }
  auto plan = plan_replay(options_.replay, name_);
  if (auto* err = std::get_if<std::string>(&plan)) {
    r.verdict = Verdict::error;
    r.error = *err;
    return false;
  }
  auto& p = std::get<ReplayPlan>(plan);
  cfg_.max_steps = p.max_steps;
  cfg_.spurious_wakeups = p.spurious_wakeups;
  cfg_.keep_going = p.keep_going;
  replay_choices_ = p.choices;
  strategy_ = strategy::make_replay(p.choices);
  replaying_ = true;
  r.strategy = "replay";
  return true;
}

// `clock_read`: the pacer has just read the clock (the time limit is checked only then).
std::optional<Stop> Exploration::over_budget(const Result& r, bool clock_read) const {
  if (replaying_) return std::nullopt;
  if (stop_signal() != 0) return Stop::interrupted;
  if (options_.max_executions != 0 && r.executions >= options_.max_executions) return Stop::max_executions;
  if (options_.time_limit_s > 0 && clock_read &&
      std::chrono::duration<double>(pacer_.now() - start_).count() >= options_.time_limit_s) {
    return Stop::time_limit;
  }
  return std::nullopt;
}

// Called when the pacer has just read the clock.
void Exploration::report_progress(const Result& r) {
  if (!hooks_.on_progress || pacer_.now() - last_progress_ < std::chrono::milliseconds(250)) return;
  last_progress_ = pacer_.now();
  Progress p;
  p.name = r.name;
  p.strategy = r.strategy;
  p.executions = r.executions;
  p.bugs = r.bugs.size();
  p.elapsed_s = std::chrono::duration<double>(last_progress_ - start_).count();
  p.explored = strategy_->explored_fraction();
  p.phase = strategy_->phase();
  hooks_.on_progress(p);
}

std::vector<detect::RecordedStep> Exploration::traced_steps(const std::vector<std::uint32_t>& choices) {
  auto traced = [&](detect::TraceRecorder& recorder) {
    traced_run(body_, cfg_, options_.stack_size, choices, recorder);
  };
  if (hooks_.host != nullptr) return hooks_.host->trace(traced);
  detect::TraceRecorder recorder;
  traced(recorder);
  return recorder.steps();
}

void Exploration::end_one(std::uint64_t executions) {
  if (hooks_.host != nullptr) {
    hooks_.host->end_execution(*strategy_, executions);
  } else {
    strategy_->end_execution();
  }
}

void Exploration::record_bugs(const Outcome& o, const strategy::Trail& trail, Result& r) {
  for (const detect::BugDraft& draft : o.bugs) {
    if (!seen_.insert(detect::bug_key(draft)).second) continue;
    // The trace comes from running the schedule once more with a recorder: exploration itself
    // records nothing.
    Bug bug = build_bug(draft, traced_steps(strategy::values_of(trail)));
    // why: reported before the checkpoint this run resumes; found again, it is not new.
    if (restored_keys_.count(reported_key(bug)) > 0) continue;
    Options token_opts = options_;
    token_opts.max_steps = cfg_.max_steps;
    token_opts.spurious_wakeups = cfg_.spurious_wakeups;
    bug.schedule = make_token(name_, token_opts, trail);
    bug.execution = r.executions;
    add_realisation(bug);
    if (hooks_.on_bug) hooks_.on_bug(bug);
    r.bugs.push_back(std::move(bug));
  }
}

std::string Exploration::realising_schedule() {
  // why these bounds: the search is a courtesy on top of the report, which stands without it;
  // a small test deadlocks within a few executions once the orders may interleave.
  constexpr std::uint64_t kBudget = 2000;
  constexpr double kSeconds = 2;
  Options sub = options_;
  sub.strategy = StrategyKind::dpor;
  sub.max_executions = kBudget;
  sub.time_limit_s = kSeconds;
  sub.keep_going = false;
  sub.lock_order = false;
  sub.checkpoint.clear();
  sub.replay.clear();
  sub.shard_index = 0;
  sub.shard_count = 1;
  RunHooks hooks;
  hooks.host = hooks_.host;
  hooks.trail = hooks_.trail;
  if (hooks.host != nullptr) hooks.host->switch_strategy();
  Result found = Exploration(body_, sub, name_, hooks).run();
  if (hooks.host != nullptr) hooks.host->switch_strategy();
  for (const Bug& b : found.bugs) {
    if (b.kind == BugKind::deadlock) return b.schedule;
  }
  return {};
}

void Exploration::add_realisation(Bug& bug) {
  if (bug.kind != BugKind::lock_order_inversion) return;
  if (std::string realised = realising_schedule(); !realised.empty()) {
    bug.message += fmt::format("\nthis order deadlocks under --replay={}", realised);
  }
}

Result Exploration::run() {
  Result r;
  r.name = name_;
  if (!setup_strategy(r) || !resume_checkpoint(r)) return r;
  StackPool pool(options_.stack_size);
  std::optional<OwnedTrail> owned;
  strategy::TrailBuffer* trail = hooks_.trail;
  if (trail == nullptr) {
    owned.emplace(cfg_.max_steps + 1);
    trail = owned->buf;
  }
  Execution ex(cfg_, pool, *trail);
  detect::RaceDetector race;
  // why here: its lock-order graph is kept for the whole exploration, not one execution.
  detect::LockOrderDetector lock_order;
  std::optional<detect::TraceRecorder> recorder;
  if (replaying_) ex.add_detector(&recorder.emplace(hooks_.trace_sink));  // first: see traced_run
  ex.add_detector(&race);
  detect::ReentrancyDetector reentrancy;
  ex.add_detector(&reentrancy);
  if (options_.lock_order) ex.add_detector(&lock_order);
  ex.set_strategy(strategy_.get());
  if (hooks_.resume) {
    strategy_->resume_after(hooks_.resume->first, hooks_.resume->second);
    r.executions = hooks_.resume->second;
  }
  Stop why = Stop::finished;
  bool clock_read = true;
  for (;;) {
    if (std::optional<Stop> stop = over_budget(r, clock_read)) {
      why = *stop;
      break;
    }
    if (!strategy_->begin_execution()) break;
    Outcome o = hooks_.host != nullptr ? hooks_.host->run(ex, *strategy_, body_) : ex.run(body_);
    auto end_execution = [&] { end_one(r.executions); };
    if (o.status != ExecutionStatus::diverged && !strategy_->counted()) {
      end_execution();  // another shard's execution (sharding): not counted at all
      continue;
    }
    r.steps += o.steps;
    if (o.status == ExecutionStatus::pruned) {
      // Cut short as redundant (partial-order reduction): not an execution of its own.
      ++r.pruned;
      end_execution();
      continue;
    }
    ++r.executions;
    if (hooks_.executions_done != nullptr) hooks_.executions_done->store(r.executions, std::memory_order_relaxed);
    std::string end = strategy_->end_check();
    if (o.status == ExecutionStatus::diverged || !end.empty()) {
      r.verdict = Verdict::error;
      r.error = o.status == ExecutionStatus::diverged ? o.error : end;
      why = Stop::error;
      break;
    }
    end_execution();  // invariant: leaves the trail buffer as the execution left it
    if (replaying_) {
      // why: under a host the execution's recorder ran in another process: trace it there again.
      std::vector<detect::RecordedStep> hosted;
      if (hooks_.host != nullptr && !o.bugs.empty()) hosted = traced_steps(replay_choices_);
      for (const detect::BugDraft& d : o.bugs) {
        Bug bug = build_bug(d, hooks_.host != nullptr ? hosted : recorder->steps());
        bug.schedule = options_.replay;
        bug.execution = 1;
        add_realisation(bug);  // why: a replay reports the bug as the exploration did
        r.bugs.push_back(std::move(bug));
      }
      why = Stop::replay;
      break;
    }
    if (!o.bugs.empty()) record_bugs(o, strategy::copy_trail(*trail), r);
    if (!r.bugs.empty() && !options_.keep_going) {
      why = Stop::bug;
      break;
    }
    clock_read = pacer_.tick();
    if (clock_read) report_progress(r);
  }
  r.complete = !replaying_ && r.verdict != Verdict::error && strategy_->complete();
  if (r.verdict != Verdict::error && !r.bugs.empty()) r.verdict = Verdict::bug;
  r.elapsed_s = elapsed_before_ + seconds_since(start_);
  if (metrics_ != nullptr) {
    r.preemptions = metrics_->counts().preemptions;
    r.most_preemptions = metrics_->counts().most_preemptions;
  }
  r.coverage = describe_coverage(r, options_, why);
  // auto: which part ran, and that dpor did not finish, when it handed over to pct.
  if (options_.strategy == StrategyKind::automatic && !r.complete && !replaying_) {
    r.coverage += "; " + strategy_->phase();
  }
  save_checkpoint(r, why);
  return r;
}

// The strategy and the settings that bound what it explores: "pb bound 2", "random (seed 7)".
std::string strategy_words(const Result& r, const Options& o) {
  switch (o.strategy) {
    case StrategyKind::pb:
      return fmt::format("{} bound {}", r.strategy, o.bound);
    case StrategyKind::random:
      return fmt::format("{} (seed {})", r.strategy, o.seed);
    case StrategyKind::pct:
      return fmt::format("{} depth {} (seed {})", r.strategy, o.depth, o.seed);
    case StrategyKind::dfs:
    case StrategyKind::dpor:
    case StrategyKind::automatic:
      break;
  }
  return r.strategy;
}

std::string signal_words(int sig) {
  const char* abbrev = sig != 0 ? sigabbrev_np(sig) : nullptr;
  return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : "a signal";
}

}  // namespace

bool resumable(Stop why, const Options& options) {
  const bool sampling = options.strategy == StrategyKind::random || options.strategy == StrategyKind::pct;
  return why == Stop::interrupted || why == Stop::time_limit || (why == Stop::max_executions && !sampling);
}

namespace {

std::string coverage_words(const Result& r, const Options& options, Stop why) {
  const std::string executions = fmt::format("{} execution{}", r.executions, r.executions == 1 ? "" : "s");
  if (why == Stop::replay || !options.replay.empty()) return "not complete: a replay of one schedule";
  if (r.complete && (options.strategy == StrategyKind::dpor || options.strategy == StrategyKind::automatic)) {
    // dpor runs one interleaving of each class that differs only in the order of independent
    // steps (a Mazurkiewicz trace): every outcome is covered, not every interleaving.
    return fmt::format("complete: every trace explored ({}, {}{})", executions, r.strategy,
                       r.pruned == 0 ? "" : fmt::format(", {} pruned", r.pruned));
  }
  if (r.complete) return fmt::format("complete: every interleaving explored ({}, {})", executions, r.strategy);
  const std::string under = fmt::format("{} under {}", executions, strategy_words(r, options));
  const std::string resume = !options.checkpoint.empty() && resumable(why, options)
                                 ? fmt::format("; resume with --checkpoint={}", options.checkpoint)
                                 : "";
  // why: random and pct run exactly --max-executions executions: reaching it is their plan.
  const bool sampling = options.strategy == StrategyKind::random || options.strategy == StrategyKind::pct;
  switch (why) {
    case Stop::max_executions:
      if (sampling) break;
      return fmt::format("not complete: {}, stopped by --max-executions={}{}", under, options.max_executions, resume);
    case Stop::time_limit:
      return fmt::format("not complete: {}, stopped by --time-limit={}{}", under, options.time_limit_s, resume);
    case Stop::interrupted:
      return fmt::format("not complete: {}, stopped by {}{}", under, signal_words(stop_signal()), resume);
    case Stop::bug:
      return fmt::format("not complete: {}, stopped at the first bug (--keep-going explores on)", under);
    case Stop::error:
      return fmt::format("not complete: {}, stopped by an error", under);
    case Stop::finished:
    case Stop::replay:
      break;
  }
  return fmt::format("not complete: {}", under);
}

}  // namespace

std::string describe_coverage(const Result& r, const Options& options, Stop why) {
  std::string words = coverage_words(r, options, why);
  // why: "complete" in a shard's report means its part of the search: say which part.
  if (options.shard_count > 1 && options.replay.empty()) {
    words += fmt::format(" [shard {}/{}]", options.shard_index, options.shard_count);
  }
  return words;
}

Result run_in_process(const std::function<void()>& body, const Options& options, const std::string& name,
                      RunHooks& hooks) {
  return Exploration(body, options, name, hooks).run();
}

std::variant<ReplayPlan, std::string> plan_replay(const std::string& token, const std::string& name) {
  auto decoded = strategy::decode_token(token);
  if (auto* err = std::get_if<std::string>(&decoded)) return *err;
  auto& t = std::get<strategy::Token>(decoded);
  if (t.version != kVersion) {
    return fmt::format(
        "the token was made by braid {}, and this is braid {}: rerun the exploration to get a "
        "token for this version",
        t.version, kVersion);
  }
  if (t.test_hash != strategy::test_hash(name)) {
    return fmt::format("the token was made for another test, not '{}'", name);
  }
  if (t.max_steps == 0) return std::string("bad settings field in the token (max steps 0)");
  return ReplayPlan{std::move(t.choices), t.spurious_wakeups, t.max_steps, t.keep_going};
}

std::string make_token(const std::string& name, const Options& options, const strategy::Trail& trail) {
  strategy::Token t;
  t.version = kVersion;
  t.test_hash = strategy::test_hash(name);
  t.spurious_wakeups = options.spurious_wakeups;
  t.max_steps = options.max_steps;
  t.keep_going = options.keep_going;
  t.choices = strategy::values_of(trail);
  return strategy::encode_token(t);
}

}  // namespace braid::rt
