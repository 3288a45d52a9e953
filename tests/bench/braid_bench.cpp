// braid_bench: whole-exploration benchmarks. Each case runs one braid::explore from start to end
// several times, with isolate=false and isolate=true, and prints the median wall time as a
// Markdown table. Cases: counter_mutex(N,K) under exhaustive dfs; naive dining philosophers under
// dfs (stops at the first deadlock) and under random with a fixed seed; the classic DPOR workloads
// (indep_writers, lastzero, indexer, filesystem, readers_writers: dpor_workloads.hpp) under dfs and
// dpor, next to their published optimal (Mazurkiewicz-trace) counts. Execution counts are
// deterministic and are checked against pinned values; timings never are. The optimal counts are
// shown, not checked: tests/litmus/dpor_counts_test.cpp asserts them. The --jobs cases run
// counter_mutex(3,3) under dfs (1,164,644 executions) and lastzero(12) under dpor (15,360) with
// Options::jobs 1 and N (the counts are checked) and show the speed-up. See docs/performance.md.
//
//   braid_bench [--quick] [--runs=N] [--json=FILE] [--time-limit=S] [--max-philosophers=N]
//               [--filter=TEXT] [--isolate=both|on|off] [--jobs=N]
//
// Exit codes: 0 every check held, 1 a count or verdict was not the expected one, 2 usage error.
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dpor_workloads.hpp"
#include "workloads.hpp"

namespace braid::bench {
namespace {

struct Settings {
  bool quick = false;
  int runs = 5;
  std::string json_file;
  double time_limit_s = 30;  // per exploration; a case that hits it is reported incomplete
  int max_philosophers = 10;
  std::string filter;  // run only the cases whose key ("counter_mutex(3,2)", "lastzero_dpor(5)") contains it
  std::vector<bool> isolate = {false, true};
  unsigned jobs = 2;  // the --jobs cases compare 1 with this
  bool help = false;
};

struct Case {
  std::string workload;  // "counter_mutex", "philosophers", "lastzero", ...
  std::string params;    // "(3,2)", "(5)"
  StrategyKind strategy = StrategyKind::dfs;
  std::function<Result(const Options&)> run;
  bool expect_bug = false;                  // philosophers: a deadlock is expected
  std::optional<std::uint64_t> expected{};  // the exact execution count, when pinned
  bool dpor_workload = false;               // printed in the DPOR table
  std::optional<std::uint64_t> optimal{};   // published Mazurkiewicz-trace count: shown, not checked
  unsigned jobs = 0;                        // 1 or more: a --jobs case (Options::jobs), in the jobs table

  std::string key() const {
    return workload + (strategy == StrategyKind::dfs ? "" : std::string("_") + to_string(strategy)) + params +
           (jobs == 0 ? "" : fmt::format("_jobs{}", jobs));
  }
};

// The seed of the random-strategy cases: a fixed seed makes their counts repeatable too.
constexpr std::uint64_t kRandomSeed = 1;

struct Measurement {
  const Case* c = nullptr;
  bool isolate = false;
  Result result;               // of the last run
  std::vector<double> wall_s;  // one per run, sorted
  std::vector<double> cpu_s;   // one per run, sorted: this process's and its workers' CPU time
  std::vector<std::string> problems;

  double median() const { return wall_s[wall_s.size() / 2]; }
  double median_cpu() const { return cpu_s[cpu_s.size() / 2]; }
  double per_s(std::uint64_t n) const { return median() > 0 ? static_cast<double>(n) / median() : 0; }
};

// Pinned dfs counts. Counter: tests/litmus/counter_mutex_test.cpp derives them. Philosophers: the
// index of the first execution that deadlocks, in dfs order.
std::optional<std::uint64_t> pinned_counter(int n, int k) {
  if (n == 2 && k == 2) return 118;
  if (n == 2 && k == 3) return 444;
  if (n == 3 && k == 2) return 46538;
  if (n == 3 && k == 3) return 1164644;
  return std::nullopt;
}

std::optional<std::uint64_t> pinned_philosophers(int n) {
  if (n == 3) return 639;
  if (n == 4) return 339984;
  return std::nullopt;
}

Case counter_case(int n, int k) {
  return Case{.workload = "counter_mutex",
              .params = fmt::format("({},{})", n, k),
              .run = [n, k](const Options& o) { return counter_mutex(n, k, o); },
              .expected = pinned_counter(n, k)};
}

Case philosophers_case(int n, StrategyKind strategy) {
  return Case{.workload = "philosophers",
              .params = fmt::format("({})", n),
              .strategy = strategy,
              .run = [n](const Options& o) { return philosophers(n, o); },
              .expect_bug = true,
              .expected = strategy == StrategyKind::dfs ? pinned_philosophers(n) : std::nullopt};
}

// The classic DPOR workloads. `optimal` is the published optimal-DPOR count (GenMC / Nidhugg;
// dpor_workloads.hpp names the sources) or one derived there by hand. Under dfs, the counts of the
// sizes small enough to finish are pinned (measured; dfs runs every interleaving, so they are far
// above the optimal ones); under dpor nothing is pinned until the dpor strategy lands.
std::optional<std::uint64_t> pinned_dpor_workload(const std::string& key) {
  // Larger sizes that finish (lastzero(4): 5,369,639 in 15 s; readers_writers(3): 3,007,483 in
  // 9 s) are left unpinned: on a busy machine they can hit the default time limit.
  static const std::vector<std::pair<std::string, std::uint64_t>> pinned = {
      {"indep_writers(2,1)", 5}, {"indep_writers(2,2)", 19}, {"indep_writers(3,2)", 1121}, {"lastzero(2)", 362},
      {"lastzero(3)", 33032},    {"indexer(1)", 1},          {"indexer(2)", 251},          {"indexer(3)", 570417},
      {"filesystem(1)", 1},      {"filesystem(2)", 48619},   {"readers_writers(1)", 21},   {"readers_writers(2)", 4254},
  };
  for (const auto& [k, v] : pinned) {
    if (k == key) return v;
  }
  return std::nullopt;
}

Case dpor_case(std::string workload, std::string params, StrategyKind strategy,
               std::function<Result(const Options&)> run, std::optional<std::uint64_t> optimal) {
  Case c{.workload = std::move(workload), .params = std::move(params), .strategy = strategy, .run = std::move(run)};
  c.dpor_workload = true;
  c.optimal = optimal;
  if (strategy == StrategyKind::dfs) c.expected = pinned_dpor_workload(c.key());
  return c;
}

std::uint64_t pow2(int k) { return std::uint64_t{1} << k; }

// The sizes measured, smallest first (a series stops at its first size that misses the limit).
void add_dpor_cases(std::vector<Case>& out, bool quick, StrategyKind strategy) {
  auto indep = [&](int n, int k) {
    out.push_back(dpor_case(
        "indep_writers", fmt::format("({},{})", n, k), strategy,
        [n, k](const Options& o) { return indep_writers(n, k, o); }, 1));
  };
  auto lz = [&](int n, std::optional<std::uint64_t> optimal) {
    out.push_back(dpor_case(
        "lastzero", fmt::format("({})", n), strategy, [n](const Options& o) { return lastzero(n, o); }, optimal));
  };
  auto ix = [&](int n) {
    std::optional<std::uint64_t> optimal = n <= 11 ? 1 : pow2(3 * (n - 11));  // 12: 8, ..., 15: 4,096
    out.push_back(dpor_case(
        "indexer", fmt::format("({})", n), strategy, [n](const Options& o) { return indexer(n, o); }, optimal));
  };
  auto fs = [&](int n) {
    out.push_back(dpor_case(
        "filesystem", fmt::format("({})", n), strategy, [n](const Options& o) { return filesystem(n, o); },
        pow2(std::max(0, n - 13))));
  };
  auto rw = [&](int n) {
    out.push_back(dpor_case(
        "readers_writers", fmt::format("({})", n), strategy, [n](const Options& o) { return readers_writers(n, o); },
        pow2(n)));
  };
  if (quick) {
    indep(2, 2);
    lz(2, 5);
    ix(2);
    fs(2);
    rw(2);
    return;
  }
  for (auto [n, k] : {std::pair{2, 1}, {2, 2}, {3, 2}, {4, 3}, {6, 3}}) indep(n, k);
  for (auto [n, optimal] : {std::pair{2, 5}, {3, 12}, {4, 28}, {5, 64}, {10, 3328}, {12, 15360}, {15, 147456}}) {
    lz(n, static_cast<std::uint64_t>(optimal));
  }
  for (int n : {1, 2, 3, 11, 12, 13, 14, 15}) ix(n);
  for (int n : {1, 2, 13, 14, 16, 18}) fs(n);
  for (int n : {1, 2, 3, 4, 6, 8}) rw(n);
}

// The same exploration with --jobs=1 and with `jobs` workers: dfs splits the tree between them;
// dpor runs its whole search in every worker (checker/strategy/shard.hpp), so expect no speed-up.
void add_jobs_cases(std::vector<Case>& out, bool quick, unsigned jobs) {
  for (unsigned j : {1U, jobs}) {
    if (quick) {
      Case c = counter_case(2, 2);
      c.jobs = j;
      out.push_back(c);
      continue;
    }
    Case counter = counter_case(3, 3);
    counter.jobs = j;
    out.push_back(counter);
    Case dpor =
        dpor_case("lastzero", "(12)", StrategyKind::dpor, [](const Options& o) { return lastzero(12, o); }, 15360);
    dpor.dpor_workload = false;
    dpor.jobs = j;
    dpor.expected = 15360;
    out.push_back(dpor);
  }
}

// The run ended on its own: it covered the tree or found its bug, and no limit stopped it.
bool finished(const Result& r) { return r.complete || !r.bugs.empty(); }

// A case whose count is pinned must reach it; an unpinned one may run out of time (the table
// says so) but must not end with the wrong verdict.
void check(Measurement& m, const Result& r) {
  const Case& c = *m.c;
  if (!finished(r)) {
    if (c.expected) m.problems.push_back(fmt::format("the time limit stopped it after {} executions", r.executions));
    return;
  }
  if (c.expect_bug && !r.found(BugKind::deadlock)) {
    m.problems.push_back(fmt::format("expected a deadlock, got verdict {} {}", to_string(r.verdict), r.error));
  }
  if (!c.expect_bug && r.verdict != Verdict::pass) {
    m.problems.push_back(fmt::format("expected verdict pass, got {} {}", to_string(r.verdict), r.error));
  }
  if (c.expected && r.executions != *c.expected) {
    m.problems.push_back(fmt::format("expected {} executions, got {}", *c.expected, r.executions));
  }
}

// User + system CPU time of this process and of its waited-for children (the isolated workers).
// why: on a shared machine wall time includes the time the exploration waited for a core.
double cpu_seconds() {
  double total = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage u{};
    getrusage(who, &u);
    total += static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
             static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  }
  return total;
}

Measurement measure(const Case& c, bool isolate, const Settings& s) {
  Measurement m{&c, isolate, {}, {}, {}, {}};
  Options o;
  o.isolate = isolate;
  o.time_limit_s = s.time_limit_s;
  o.strategy = c.strategy;
  o.jobs = std::max(1U, c.jobs);
  if (c.strategy == StrategyKind::random) {
    o.seed = kRandomSeed;
    o.max_executions = std::uint64_t{1} << 40;  // bounded by the time limit instead
  }
  for (int i = 0; i < s.runs; ++i) {
    double cpu0 = cpu_seconds();
    auto t0 = std::chrono::steady_clock::now();
    Result r = c.run(o);
    m.wall_s.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    m.cpu_s.push_back(cpu_seconds() - cpu0);
    // invariant: counts are deterministic; a run that differs from the previous one is a bug.
    if (i > 0 && finished(r) && (r.executions != m.result.executions || r.steps != m.result.steps)) {
      m.problems.push_back(fmt::format("run {} made {} executions / {} points, run {} made {} / {}", i + 1,
                                       r.executions, r.steps, i, m.result.executions, m.result.steps));
    }
    if (i == 0) check(m, r);
    m.result = std::move(r);
    if (!finished(m.result)) break;  // a case that hits the time limit is not worth repeating
  }
  std::sort(m.wall_s.begin(), m.wall_s.end());
  std::sort(m.cpu_s.begin(), m.cpu_s.end());
  return m;
}

// 1234567 -> "1,234,567"
std::string grouped(std::uint64_t v) {
  std::string digits = std::to_string(v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string si(double v) {
  if (v >= 1e6) return fmt::format("{:.2f} M", v / 1e6);
  if (v >= 1e3) return fmt::format("{:.1f} k", v / 1e3);
  return fmt::format("{:.0f}", v);
}

std::string wall(const Measurement& m) {
  if (m.wall_s.size() == 1) return fmt::format("{:.3f}", m.wall_s[0]);
  return fmt::format("{:.3f} ({:.3f}–{:.3f})", m.median(), m.wall_s.front(), m.wall_s.back());
}

std::string verdict_note(const Measurement& m) { return m.problems.empty() ? "" : " **CHECK FAILED**"; }

void print_counter_table(const std::vector<Measurement>& ms) {
  if (std::none_of(ms.begin(), ms.end(),
                   [](const Measurement& m) { return m.c->workload == "counter_mutex" && m.c->jobs == 0; })) {
    return;
  }
  std::printf(
      "\n| counter_mutex (N,K) | isolate | executions | complete | points | wall s: median (min–max) | cpu s "
      "| executions/s | points/s |\n|---|---|--:|---|--:|--:|--:|--:|--:|\n");
  for (const Measurement& m : ms) {
    if (m.c->workload != "counter_mutex" || m.c->jobs != 0) continue;
    const Result& r = m.result;
    std::printf("| %s | %s | %s | %s | %s | %s | %.3f | %s | %s |\n", m.c->params.c_str(), m.isolate ? "yes" : "no",
                grouped(r.executions).c_str(), r.complete ? "yes" : "no", grouped(r.steps).c_str(), wall(m).c_str(),
                m.median_cpu(), si(m.per_s(r.executions)).c_str(), (si(m.per_s(r.steps)) + verdict_note(m)).c_str());
  }
}

void print_philosophers_table(const std::vector<Measurement>& ms) {
  if (std::none_of(ms.begin(), ms.end(), [](const Measurement& m) { return m.c->workload == "philosophers"; })) return;
  std::printf(
      "\n| philosophers | strategy | isolate | executions to first deadlock | deadlock | points | wall s: "
      "median (min–max) | executions/s |\n|---|---|---|--:|---|--:|--:|--:|\n");
  for (const Measurement& m : ms) {
    if (m.c->workload != "philosophers") continue;
    const Result& r = m.result;
    bool found = r.found(BugKind::deadlock);
    std::string n = m.c->params.substr(1, m.c->params.size() - 2);  // "(5)" -> "5"
    std::string verdict = found ? "found" : fmt::format("not in {:.0f} s", m.median());
    std::string strategy = m.c->strategy == StrategyKind::dfs ? "dfs" : fmt::format("random, seed {}", kRandomSeed);
    std::printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", n.c_str(), strategy.c_str(), m.isolate ? "yes" : "no",
                ((found ? "" : "> ") + grouped(r.executions)).c_str(), verdict.c_str(), grouped(r.steps).c_str(),
                wall(m).c_str(), (si(m.per_s(r.executions)) + verdict_note(m)).c_str());
  }
}

// --jobs=1 against --jobs=2 (and more) on the same workload, measured in the same run: the
// speed-up is the jobs=1 median wall time over this one's.
void print_jobs_table(const std::vector<Measurement>& ms) {
  if (std::none_of(ms.begin(), ms.end(), [](const Measurement& m) { return m.c->jobs != 0; })) return;
  std::printf(
      "\n| --jobs workload | strategy | isolate | jobs | executions | complete | wall s: median (min–max) | cpu s | "
      "speed-up over jobs=1 |\n|---|---|---|--:|--:|---|--:|--:|--:|\n");
  for (const Measurement& m : ms) {
    if (m.c->jobs == 0) continue;
    std::string speedup = "-";
    for (const Measurement& base : ms) {
      if (base.c->jobs == 1 && base.isolate == m.isolate && base.c->workload == m.c->workload &&
          base.c->params == m.c->params && base.c->strategy == m.c->strategy && m.median() > 0) {
        speedup = fmt::format("{:.2f}x", base.median() / m.median());
      }
    }
    const Result& r = m.result;
    std::printf("| %s | %s | %s | %u | %s | %s | %s | %.3f | %s |\n", (m.c->workload + m.c->params).c_str(),
                to_string(m.c->strategy), m.isolate ? "yes" : "no", m.c->jobs, grouped(r.executions).c_str(),
                r.complete ? "yes" : "no", wall(m).c_str(), m.median_cpu(), (speedup + verdict_note(m)).c_str());
  }
}

// The DPOR workloads: executions next to the published optimal count. An exploration stopped by
// the time limit shows "> N" executions and "no" under complete.
void print_dpor_table(const std::vector<Measurement>& ms) {
  if (std::none_of(ms.begin(), ms.end(), [](const Measurement& m) { return m.c->dpor_workload; })) return;
  std::printf(
      "\n| DPOR workload | strategy | isolate | executions | complete | optimal (published) | points | wall s: "
      "median (min–max) | executions/s |\n|---|---|---|--:|---|--:|--:|--:|--:|\n");
  for (const Measurement& m : ms) {
    if (!m.c->dpor_workload) continue;
    const Result& r = m.result;
    bool done = finished(r);
    std::string optimal = m.c->optimal ? grouped(*m.c->optimal) : "?";
    std::printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", (m.c->workload + m.c->params).c_str(),
                to_string(m.c->strategy), m.isolate ? "yes" : "no",
                ((done ? "" : "> ") + grouped(r.executions)).c_str(), r.complete ? "yes" : "no", optimal.c_str(),
                grouped(r.steps).c_str(), wall(m).c_str(), (si(m.per_s(r.executions)) + verdict_note(m)).c_str());
  }
}

nlohmann::json to_json(const std::vector<Measurement>& ms, const Settings& s) {
  nlohmann::json out = {{"tool", "braid_bench"}, {"runs", s.runs}, {"quick", s.quick}};
  for (const Measurement& m : ms) {
    const Result& r = m.result;
    out["results"].push_back({{"workload", m.c->workload},
                              {"params", m.c->params},
                              {"strategy", to_string(m.c->strategy)},
                              {"isolate", m.isolate},
                              {"verdict", to_string(r.verdict)},
                              {"deadlock", r.found(BugKind::deadlock)},
                              {"complete", r.complete},
                              {"optimal", m.c->optimal ? nlohmann::json(*m.c->optimal) : nlohmann::json(nullptr)},
                              {"executions", r.executions},
                              {"steps", r.steps},
                              {"wall_s", m.wall_s},
                              {"median_wall_s", m.median()},
                              {"cpu_s", m.cpu_s},
                              {"median_cpu_s", m.median_cpu()},
                              {"executions_per_s", m.per_s(r.executions)},
                              {"steps_per_s", m.per_s(r.steps)},
                              {"problems", m.problems}});
  }
  return out;
}

std::optional<Settings> parse(int argc, char** argv) {
  Settings s;
  auto number = [](std::string_view v, auto& into) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), into);
    return ec == std::errc{} && p == v.data() + v.size();
  };
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    std::string_view value;
    if (auto eq = a.find('='); eq != std::string_view::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
    } else if ((a == "--json" || a == "--runs" || a == "--time-limit" || a == "--max-philosophers" || a == "--filter" ||
                a == "--isolate" || a == "--jobs") &&
               i + 1 < argc) {
      value = argv[++i];
    }
    bool ok = true;
    if (a == "--quick") {
      s.quick = true;
    } else if (a == "--json") {
      s.json_file = value;
      ok = !value.empty();
    } else if (a == "--runs") {
      ok = number(value, s.runs) && s.runs > 0;
    } else if (a == "--time-limit") {
      ok = number(value, s.time_limit_s) && s.time_limit_s >= 0;
    } else if (a == "--max-philosophers") {
      ok = number(value, s.max_philosophers) && s.max_philosophers >= 2;
    } else if (a == "--filter") {
      s.filter = value;
    } else if (a == "--isolate") {
      if (value == "both") {
        s.isolate = {false, true};
      } else if (value == "on") {
        s.isolate = {true};
      } else if (value == "off") {
        s.isolate = {false};
      } else {
        ok = false;
      }
    } else if (a == "--jobs") {
      ok = number(value, s.jobs) && s.jobs >= 2;
    } else if (a == "--help" || a == "-h") {
      s.help = true;
    } else {
      ok = false;
    }
    if (!ok) {
      std::fprintf(stderr, "braid_bench: bad argument '%s' (try --help)\n", argv[i]);
      return std::nullopt;
    }
  }
  if (s.quick) s.runs = 1;
  return s;
}

std::vector<Case> cases(const Settings& s) {
  std::vector<Case> out;
  if (s.quick) {
    for (auto [n, k] : {std::pair{2, 2}, {3, 2}}) out.push_back(counter_case(n, k));
    out.push_back(philosophers_case(3, StrategyKind::dfs));
    for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) add_dpor_cases(out, true, k);
    add_jobs_cases(out, true, s.jobs);
  } else {
    for (auto [n, k] : {std::pair{2, 2}, {2, 3}, {3, 2}, {3, 3}}) out.push_back(counter_case(n, k));
    for (int n = 3; n <= s.max_philosophers; ++n) out.push_back(philosophers_case(n, StrategyKind::dfs));
    for (int n = 3; n <= s.max_philosophers; ++n) out.push_back(philosophers_case(n, StrategyKind::random));
    for (StrategyKind k : {StrategyKind::dfs, StrategyKind::dpor}) add_dpor_cases(out, false, k);
    add_jobs_cases(out, false, s.jobs);
  }
  std::erase_if(out, [&](const Case& c) { return c.key().find(s.filter) == std::string::npos; });
  return out;
}

int run(const Settings& s) {
  std::vector<Case> cs = cases(s);
  std::vector<Measurement> ms;
  std::vector<std::string> gave_up;  // workload+strategy keys that missed a deadlock or the limit
  for (const Case& c : cs) {
    // Larger sizes than the first one that misses its deadlock, or does not finish, within the
    // limit only take longer.
    std::string series = c.workload + to_string(c.strategy) + std::to_string(c.jobs);
    if (std::find(gave_up.begin(), gave_up.end(), series) != gave_up.end()) continue;
    for (bool isolate : s.isolate) {
      ms.push_back(measure(c, isolate, s));
      const Measurement& m = ms.back();
      std::fprintf(stderr, "%s isolate=%d: %llu executions, median %.3f s%s\n", c.key().c_str(), isolate ? 1 : 0,
                   static_cast<unsigned long long>(m.result.executions), m.median(),
                   m.problems.empty() ? "" : " (check failed)");
      bool missed = c.expect_bug ? !m.result.found(BugKind::deadlock) : !finished(m.result);
      if (missed) gave_up.push_back(series);
    }
  }
  std::printf("Whole explorations; wall time is the median of %d run%s (min–max in brackets).\n", s.runs,
              s.runs == 1 ? "" : "s");
  print_counter_table(ms);
  print_philosophers_table(ms);
  print_dpor_table(ms);
  print_jobs_table(ms);
  std::fflush(stdout);
  int failures = 0;
  for (const Measurement& m : ms) {
    for (const std::string& p : m.problems) {
      std::fprintf(stderr, "braid_bench: %s isolate=%s: %s\n", m.c->key().c_str(), m.isolate ? "true" : "false",
                   p.c_str());
      ++failures;
    }
  }
  if (!s.json_file.empty()) {
    std::ofstream f(s.json_file);
    f << to_json(ms, s).dump(2) << "\n";
    if (!f) {
      std::fprintf(stderr, "braid_bench: cannot write %s\n", s.json_file.c_str());
      return 2;
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace braid::bench

int main(int argc, char** argv) {
  auto settings = braid::bench::parse(argc, argv);
  if (!settings) return 2;
  if (settings->help) {
    std::printf(
        "usage: braid_bench [--quick] [--runs=N] [--json=FILE] [--time-limit=S] [--max-philosophers=N]\n"
        "                   [--filter=TEXT] [--isolate=both|on|off] [--jobs=N]\n"
        "  --quick             tiny sizes, one run each: the CTest smoke test (checks counts, never times)\n"
        "  --runs=N            runs per case; the table shows the median wall time (default 5)\n"
        "  --json=FILE         also write every measurement as JSON\n"
        "  --time-limit=S      per exploration (default 30); a case that hits it is reported incomplete\n"
        "  --max-philosophers=N  largest table tried (default 10; stops at the first without a deadlock)\n"
        "  --filter=TEXT       only cases whose key contains TEXT: counter_mutex(3,2), philosophers(5),\n"
        "                      philosophers_random(5), lastzero(5) (dfs), lastzero_dpor(5) (dpor),\n"
        "                      _dpor (every DPOR workload under dpor); also indep_writers(2,2),\n"
        "                      indexer(12), filesystem(14), readers_writers(3)\n"
        "  --isolate=both|on|off  Options.isolate values to measure (default both)\n"
        "  --jobs=N            the --jobs cases (key suffix _jobs1, _jobsN) compare 1 worker with N (default 2)\n");
    return 0;
  }
  return braid::bench::run(*settings);
}
