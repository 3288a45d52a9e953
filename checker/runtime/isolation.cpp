#include "checker/runtime/isolation.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>

#include "checker/report/json.hpp"
#include "checker/report/symbolize.hpp"
#include "checker/runtime/bug_builder.hpp"
#include "checker/runtime/crash_signal.hpp"
#include "checker/runtime/interrupt.hpp"
#include "checker/runtime/runner.hpp"
#include "checker/runtime/site_format.hpp"

namespace braid::rt {
namespace {

using Clock = std::chrono::steady_clock;
using json = nlohmann::json;

// Memory shared between the parent and its worker.
struct Shared {
  std::atomic<std::uint64_t> executions;
  FaultRecord fault;
  strategy::TrailBuffer trail;  // must stay last: really trail_bytes(capacity) long
};

std::size_t shared_bytes(std::uint64_t capacity) { return offsetof(Shared, trail) + strategy::trail_bytes(capacity); }

void write_line(int fd, const json& j) {
  std::string s = report::dump_line(j) + "\n";
  const char* p = s.data();
  std::size_t left = s.size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n <= 0) return;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

json step_json(const detect::RecordedStep& s) {
  const Event& e = s.event;
  json j = {{"thread", e.thread}, {"op", to_string(e.op)}, {"object", s.object}, {"value", e.value}};
  if (e.site.pc != nullptr) {
    j["pc"] = reinterpret_cast<std::uintptr_t>(e.site.pc);
  } else {
    j["file"] = e.site.loc.file_name();
    j["line"] = e.site.loc.line();
  }
  return j;
}

// What one worker process left behind.
struct WorkerRun {
  std::optional<Result> done;  // its final result, when it finished normally
  std::vector<Bug> bugs;       // bugs it reported before it ended
  std::vector<json> steps;     // streamed trace steps (replays only)
  int status = 0;              // waitpid status
  bool hung = false;           // stopped by the watchdog
  FaultRecord fault{};         // what its fatal signal's handler saw
  std::uint32_t running = 0;   // the thread that was running
  strategy::Trail trail;       // the trail of the execution it was in
  std::uint64_t executions = 0;
  double resumed_elapsed_s = 0;  // the time of the runs a checkpoint continued
};

// The parent's view of the run, for the progress lines a worker sends.
struct ProgressSink {
  std::function<void(const Progress&)> show;  // empty: the worker sends none
  Clock::time_point start;                    // when the whole run began
  std::size_t bugs_before = 0;                // bugs earlier workers found
};

class Worker {
 public:
  Worker(const std::function<void()>& body, const Options& options, const std::string& name, Shared* shared,
         const ProgressSink& progress)
      : body_(body), options_(options), name_(name), shared_(shared), progress_(progress) {}

  WorkerRun run(const std::optional<std::pair<strategy::Trail, std::uint64_t>>& resume);

 private:
  [[noreturn]] void child(int fd, const std::optional<std::pair<strategy::Trail, std::uint64_t>>& resume);
  void collect(int fd, pid_t pid, WorkerRun& out);
  void take_line(const std::string& line, WorkerRun& out);

  const std::function<void()>& body_;
  const Options& options_;
  const std::string& name_;
  Shared* shared_;
  const ProgressSink& progress_;
};

void Worker::child(int fd, const std::optional<std::pair<strategy::Trail, std::uint64_t>>& resume) {
  forward_stop_to(0);  // why: the worker stops on its own flag; the parent forwards to it
  install_crash_handlers(&shared_->fault);
  RunHooks hooks;
  hooks.trail = &shared_->trail;
  hooks.executions_done = &shared_->executions;
  hooks.resume = resume;
  hooks.on_bug = [fd](const Bug& b) { write_line(fd, json{{"bug", report::to_json(b)}}); };
  if (progress_.show) {
    hooks.on_progress = [fd](const Progress& p) {
      write_line(fd, json{{"progress",
                           {{"executions", p.executions},
                            {"bugs", p.bugs},
                            {"explored", p.explored},
                            {"phase", p.phase},
                            {"strategy", p.strategy}}}});
    };
  }
  if (!options_.replay.empty()) {
    hooks.trace_sink = [fd](const detect::RecordedStep& s) { write_line(fd, json{{"step", step_json(s)}}); };
  }
  Result r = run_in_process(body_, options_, name_, hooks);
  if (options_.replay.empty()) r.bugs.clear();  // already sent one by one
  write_line(fd, json{{"done", report::to_json(r)}, {"resumed_elapsed_s", hooks.resumed_elapsed_s}});
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(0);
}

// One line from the worker. A line that does not parse (the code under test wrote to the pipe?)
// is dropped rather than trusted.
void Worker::take_line(const std::string& line, WorkerRun& out) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  try {
    if (j.contains("bug")) out.bugs.push_back(report::bug_from_json(j["bug"]));
    if (j.contains("step")) out.steps.push_back(j["step"]);
    if (j.contains("done")) {
      out.done = report::result_from_json(j["done"]);
      out.resumed_elapsed_s = j.value("resumed_elapsed_s", 0.0);
    }
    if (j.contains("progress") && progress_.show) {
      // The parent shows it: its clock and bug count span every worker of the run.
      const json& p = j["progress"];
      Progress shown;
      shown.name = name_;
      shown.strategy = p.value("strategy", "");
      shown.executions = p.value("executions", std::uint64_t{0});
      shown.bugs = progress_.bugs_before + p.value("bugs", std::size_t{0});
      shown.elapsed_s = std::chrono::duration<double>(Clock::now() - progress_.start).count();
      shown.explored = p.value("explored", -1.0);
      shown.phase = p.value("phase", "");
      progress_.show(shown);
    }
  } catch (const std::exception&) {
    return;
  }
}

void Worker::collect(int fd, pid_t pid, WorkerRun& out) {
  std::string buf;
  std::uint64_t last_seen = ~0ULL;
  auto last_change = Clock::now();
  char chunk[65536];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, 100);
    if (ready > 0) {
      ssize_t n = read(fd, chunk, sizeof(chunk));
      if (n <= 0) break;
      buf.append(chunk, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = buf.find('\n')) != std::string::npos; buf.erase(0, nl + 1)) {
        take_line(buf.substr(0, nl), out);
      }
      continue;
    }
    // Alive while executions end or the current one reaches scheduling points.
    std::uint64_t now = shared_->executions.load() * 1000003ULL + shared_->trail.steps;
    if (now != last_seen) {
      last_seen = now;
      last_change = Clock::now();
    } else if (std::chrono::duration<double>(Clock::now() - last_change).count() > options_.hang_timeout_s) {
      kill(pid, SIGKILL);
      out.hung = true;
    }
  }
  waitpid(pid, &out.status, 0);
}

WorkerRun Worker::run(const std::optional<std::pair<strategy::Trail, std::uint64_t>>& resume) {
  WorkerRun out;
  shared_->executions.store(resume ? resume->second : 0);
  shared_->fault.clear();
  shared_->trail.len = 0;
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("cannot create a pipe for the worker");
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot fork a worker process");
  if (pid == 0) {
    close(fds[0]);
    child(fds[1], resume);
  }
  close(fds[1]);
  forward_stop_to(pid);
  collect(fds[0], pid, out);
  forward_stop_to(0);
  close(fds[0]);
  out.fault.signal = shared_->fault.signal;
  out.fault.fault_addr = shared_->fault.fault_addr;
  out.fault.fault_pc = shared_->fault.fault_pc;
  out.fault.stack_overflow = shared_->fault.stack_overflow;
  out.running = shared_->trail.running;
  out.trail = strategy::copy_trail(shared_->trail);
  out.executions = shared_->executions.load();
  return out;
}

// Trace steps streamed by a replay worker, with return addresses resolved.
std::vector<TraceStep> steps_of(const std::vector<json>& steps) {
  std::vector<const void*> pcs;
  for (const json& s : steps) {
    if (s.contains("pc")) pcs.push_back(reinterpret_cast<const void*>(s["pc"].get<std::uintptr_t>()));
  }
  std::vector<Location> locs = report::symbolize(pcs);
  std::vector<TraceStep> out;
  std::size_t k = 0;
  for (const json& s : steps) {
    TraceStep t;
    t.thread = s.value("thread", 0U);
    t.op = s.value("op", "");
    t.object = s.value("object", "");
    if (s.contains("pc")) {
      t.file = locs[k].file;
      t.line = locs[k].line;
      ++k;
    } else {
      t.file = s.value("file", "");
      t.line = s.value("line", 0U);
    }
    out.push_back(std::move(t));
  }
  return out;
}

// Where the dying thread was: the faulting instruction when it is the user's code, else the
// last step of that thread.
Location crash_site(const WorkerRun& w, const std::vector<TraceStep>& trace) {
  if (w.fault.fault_pc != 0) {
    // +1: symbolize() looks up pc-1, as for return addresses; the fault pc is the instruction.
    Location l = report::symbolize({reinterpret_cast<const void*>(w.fault.fault_pc + 1)}).front();
    if (l.file != "??" && !in_system_header(l.file.c_str())) return l;
  }
  for (auto it = trace.rbegin(); it != trace.rend(); ++it) {
    if (it->thread == w.running) return Location{it->file, it->line, ""};
  }
  return Location{};
}

std::string death_message(const WorkerRun& w, const Location& at, double hang_timeout) {
  std::string where = at.line != 0 ? fmt::format(" at {}", report::short_location(at)) : std::string();
  if (w.hung) {
    return fmt::format(
        "thread {} ran for {} s without reaching a scheduling point{} (an infinite loop with no "
        "visible operation?)",
        w.running, hang_timeout, where);
  }
  if (WIFSIGNALED(w.status) || w.fault.signal != 0) {
    const int sig = WIFSIGNALED(w.status) ? WTERMSIG(w.status) : 0;
    return fmt::format("thread {} crashed: {}{}", w.running, fault_words(w.fault, sig), where);
  }
  return fmt::format(
      "the process exited with status {} during an execution, in thread {}{} (exit() called by "
      "the code under test?)",
      WEXITSTATUS(w.status), w.running, where);
}

Bug death_bug(const WorkerRun& w, const std::string& token, std::uint64_t execution, double hang_timeout) {
  Bug bug;
  bug.kind = w.hung ? BugKind::livelock : BugKind::crash;
  bug.trace = steps_of(w.steps);
  Location at = crash_site(w, bug.trace);
  bug.message = death_message(w, at, hang_timeout);
  if (at.line != 0) bug.locations.push_back(at);
  bug.schedule = token;
  bug.execution = execution;
  return bug;
}

// Workers resumed after a crash rediscover bugs an earlier worker reported.
void add_bug(Result& r, Bug bug) {
  for (const Bug& b : r.bugs) {
    if (reported_key(b) == reported_key(bug)) return;
  }
  r.bugs.push_back(std::move(bug));
}

struct SharedMapping {
  explicit SharedMapping(std::uint64_t capacity) : bytes(shared_bytes(capacity)) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("cannot map memory shared with the worker");
    shared = new (p) Shared{};
    shared->trail.capacity = capacity;
  }
  ~SharedMapping() { munmap(shared, bytes); }
  SharedMapping(const SharedMapping&) = delete;
  SharedMapping& operator=(const SharedMapping&) = delete;
  std::size_t bytes;
  Shared* shared;
};

}  // namespace

Result run_isolated(const std::function<void()>& body, const Options& options, const std::string& name,
                    const std::function<void(const Progress&)>& on_progress) {
  // Replays fix max_steps from the token; size the trail for the larger of the two.
  std::uint64_t steps = options.max_steps;
  if (!options.replay.empty()) {
    auto plan = plan_replay(options.replay, name);
    if (auto* p = std::get_if<ReplayPlan>(&plan)) steps = std::max(steps, p->max_steps);
  }
  SharedMapping mem(steps + 1);
  auto start = Clock::now();
  ProgressSink progress{on_progress, start, 0};
  Result total;
  total.name = name;
  std::optional<std::pair<strategy::Trail, std::uint64_t>> resume;
  double resumed_elapsed_s = 0;
  for (;;) {
    progress.bugs_before = total.bugs.size();
    WorkerRun w = Worker(body, options, name, mem.shared, progress).run(resume);
    for (Bug& b : w.bugs) add_bug(total, std::move(b));
    if (w.done) {
      Result& d = *w.done;
      total.verdict = d.verdict;
      total.error = d.error;
      total.executions = d.executions;
      total.steps += d.steps;
      total.pruned += d.pruned;
      total.complete = d.complete;
      total.strategy = d.strategy;
      total.coverage = d.coverage;
      resumed_elapsed_s = w.resumed_elapsed_s;
      for (Bug& b : d.bugs) add_bug(total, std::move(b));
      break;
    }
    // The worker died inside execution number executions + 1.
    std::uint64_t execution = w.executions + 1;
    total.executions = execution;
    total.strategy = options.replay.empty() ? to_string(options.strategy) : "replay";
    total.complete = false;
    if (options.replay.empty()) {
      // Rerun the schedule that killed it, streaming its steps, for the trace.
      Options again = options;
      again.replay = make_token(name, options, w.trail);
      WorkerRun traced = Worker(body, again, name, mem.shared, ProgressSink{}).run(std::nullopt);
      Bug bug = death_bug(traced.done ? w : traced, again.replay, execution, options.hang_timeout_s);
      if (traced.done) bug.trace = steps_of(traced.steps);
      add_bug(total, std::move(bug));
    } else {
      add_bug(total, death_bug(w, options.replay, 1, options.hang_timeout_s));
    }
    bool time_left =
        options.time_limit_s <= 0 || std::chrono::duration<double>(Clock::now() - start).count() < options.time_limit_s;
    bool executions_left = options.max_executions == 0 || execution < options.max_executions;
    const bool stopped = stop_signal() != 0;
    if (!options.keep_going || !options.replay.empty() || !time_left || !executions_left || stopped) {
      Stop why = !options.replay.empty() ? Stop::replay
                 : !options.keep_going   ? Stop::bug
                 : stopped               ? Stop::interrupted
                 : !time_left            ? Stop::time_limit
                                         : Stop::max_executions;
      // why: a worker that died saved no checkpoint: the line must not say to resume from one.
      Options unsaved = options;
      unsaved.checkpoint.clear();
      total.coverage = describe_coverage(total, unsaved, why);
      break;
    }
    resume.emplace(w.trail, execution);
  }
  if (total.verdict != Verdict::error) total.verdict = total.bugs.empty() ? Verdict::pass : Verdict::bug;
  total.elapsed_s = resumed_elapsed_s + std::chrono::duration<double>(Clock::now() - start).count();
  return total;
}

}  // namespace braid::rt
