#include "checker/runtime/runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <set>

#include "checker/cli/version.hpp"
#include "checker/detect/race_detector.hpp"
#include "checker/runtime/bug_builder.hpp"
#include "checker/runtime/execution.hpp"
#include "checker/runtime/stack_pool.hpp"
#include "checker/strategy/strategy.hpp"
#include "checker/strategy/token.hpp"

namespace braid::rt {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

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
  // The recorder goes first, so that the access that completes a race is in the trace.
  ex.add_detector(&recorder);
  ex.add_detector(&race);
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
  bool over_budget(const Result& r) const;
  void record_bugs(const Outcome& o, const strategy::Trail& trail, Result& r);

  const std::function<void()>& body_;
  const Options& options_;
  const std::string& name_;
  RunHooks& hooks_;
  ExecutionConfig cfg_;
  std::unique_ptr<strategy::Strategy> strategy_;
  std::vector<std::uint32_t> replay_choices_;
  bool replaying_ = false;
  std::set<std::string> seen_;
  Clock::time_point start_ = Clock::now();
};

bool Exploration::setup_strategy(Result& r) {
  if (options_.replay.empty()) {
    strategy_ = strategy::make_strategy(options_);
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

bool Exploration::over_budget(const Result& r) const {
  if (replaying_) return false;
  if (options_.max_executions != 0 && r.executions >= options_.max_executions) return true;
  // why: reading the clock costs as much as a scheduling point; every 64 executions is often enough.
  return options_.time_limit_s > 0 && r.executions % 64 == 0 && seconds_since(start_) >= options_.time_limit_s;
}

void Exploration::record_bugs(const Outcome& o, const strategy::Trail& trail, Result& r) {
  for (const detect::BugDraft& draft : o.bugs) {
    if (!seen_.insert(detect::bug_key(draft)).second) continue;
    // The trace comes from running the schedule once more with a recorder: exploration itself
    // records nothing.
    detect::TraceRecorder recorder;
    traced_run(body_, cfg_, options_.stack_size, strategy::values_of(trail), recorder);
    Bug bug = build_bug(draft, recorder.steps());
    Options token_opts = options_;
    token_opts.max_steps = cfg_.max_steps;
    token_opts.spurious_wakeups = cfg_.spurious_wakeups;
    bug.schedule = make_token(name_, token_opts, trail);
    bug.execution = r.executions;
    if (hooks_.on_bug) hooks_.on_bug(bug);
    r.bugs.push_back(std::move(bug));
  }
}

Result Exploration::run() {
  Result r;
  r.name = name_;
  if (!setup_strategy(r)) return r;
  StackPool pool(options_.stack_size);
  std::optional<OwnedTrail> owned;
  strategy::TrailBuffer* trail = hooks_.trail;
  if (trail == nullptr) {
    owned.emplace(cfg_.max_steps + 1);
    trail = owned->buf;
  }
  Execution ex(cfg_, pool, *trail);
  detect::RaceDetector race;
  std::optional<detect::TraceRecorder> recorder;
  if (replaying_) ex.add_detector(&recorder.emplace(hooks_.trace_sink));  // first: see traced_run
  ex.add_detector(&race);
  ex.set_strategy(strategy_.get());
  if (hooks_.resume) {
    strategy_->resume_after(hooks_.resume->first, hooks_.resume->second);
    r.executions = hooks_.resume->second;
  }
  auto last_progress = Clock::now();
  while (!over_budget(r) && strategy_->begin_execution()) {
    Outcome o = ex.run(body_);
    r.steps += o.steps;
    if (o.status == ExecutionStatus::pruned) {
      // Cut short as redundant (partial-order reduction): not an execution of its own.
      ++r.pruned;
      strategy_->end_execution();
      continue;
    }
    ++r.executions;
    if (hooks_.executions_done != nullptr) hooks_.executions_done->store(r.executions, std::memory_order_relaxed);
    std::string end = strategy_->end_check();
    if (o.status == ExecutionStatus::diverged || !end.empty()) {
      r.verdict = Verdict::error;
      r.error = o.status == ExecutionStatus::diverged ? o.error : end;
      break;
    }
    strategy_->end_execution();  // invariant: leaves the trail buffer as the execution left it
    if (replaying_) {
      for (const detect::BugDraft& d : o.bugs) {
        Bug bug = build_bug(d, recorder->steps());
        bug.schedule = options_.replay;
        bug.execution = 1;
        r.bugs.push_back(std::move(bug));
      }
      break;
    }
    if (!o.bugs.empty()) record_bugs(o, strategy::copy_trail(*trail), r);
    if (!r.bugs.empty() && !options_.keep_going) break;
    if (hooks_.on_progress && r.executions % 64 == 0 && seconds_since(last_progress) > 0.25) {
      last_progress = Clock::now();
      r.elapsed_s = seconds_since(start_);
      hooks_.on_progress(r);
    }
  }
  r.complete = !replaying_ && r.verdict != Verdict::error && strategy_->complete();
  if (r.verdict != Verdict::error && !r.bugs.empty()) r.verdict = Verdict::bug;
  r.elapsed_s = seconds_since(start_);
  return r;
}

}  // namespace

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
