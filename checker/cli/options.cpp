// Command line and environment -> CliConfig. One table (kFlags) drives the parser, the
// environment twins and the --help text, so the three cannot drift apart; docs/reference.md
// repeats it for readers.
#include "checker/cli/options.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <variant>

#include "checker/cli/version.hpp"
#include "checker/report/merge.hpp"
#include "checker/strategy/token.hpp"

namespace braid::cli {
namespace {

// Applies one value to the config; returns "" or why the value is refused (without naming the
// flag: the caller prefixes the flag or the variable the value came from).
using Setter = std::string (*)(CliConfig&, std::string_view);

struct Flag {
  const char* names;       // CLI11 spelling: "--filter" or "-h,--help"
  const char* arg;         // the value's placeholder, or nullptr for a flag that takes none
  const char* env;         // the twin variable, or nullptr
  const char* env_suffix;  // shown after the variable in --help ("=1" for on/off flags)
  const char* fallback;    // the default, as --help shows it
  const char* help;
  Setter on_flag;
  // nullptr: the variable is read by on_flag, or (when set on a flag that shares its variable
  // with another) not read here at all: see reads_env.
  Setter on_env;
  bool reads_env;
};

bool parse_bool(std::string_view v, bool& out) {
  std::string s(v);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "1" || s == "true" || s == "yes" || s == "on") {
    out = true;
  } else if (s == "0" || s == "false" || s == "no" || s == "off") {
    out = false;
  } else {
    return false;
  }
  return true;
}

// Decimal digits only: no sign, no spaces, no suffix.
bool parse_count(std::string_view v, std::uint64_t& out) {
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && end == v.data() + v.size() && !v.empty();
}

bool parse_seconds(std::string_view v, double& out) {
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && end == v.data() + v.size() && !v.empty() && std::isfinite(out) && out >= 0;
}

std::string bad(std::string_view expected, std::string_view got) {
  return fmt::format("expected {}, got '{}'", expected, got);
}

std::string set_bool(bool& field, std::string_view v, bool invert) {
  bool b = false;
  if (!parse_bool(v, b)) return bad("1/0, true/false or yes/no", v);
  field = invert ? !b : b;
  return {};
}

std::string set_count(std::uint64_t& field, std::string_view v, std::uint64_t min) {
  std::uint64_t n = 0;
  if (!parse_count(v, n)) return bad("a non-negative integer", v);
  if (n < min) return fmt::format("must be at least {}, got {}", min, n);
  field = n;
  return {};
}

std::string set_seconds(double& field, std::string_view v, bool allow_zero) {
  double s = 0;
  if (!parse_seconds(v, s)) return bad("a non-negative number of seconds", v);
  if (!allow_zero && s == 0) return "must be more than 0 seconds";
  field = s;
  return {};
}

std::string set_text(std::string& field, std::string_view v) {
  if (v.empty()) return "needs a non-empty value";
  field = std::string(v);
  return {};
}

std::string set_strategy(CliConfig& c, std::string_view v) {
  if (v == "dfs") {
    c.options.strategy = StrategyKind::dfs;
  } else if (v == "dpor") {
    c.options.strategy = StrategyKind::dpor;
  } else if (v == "random") {
    c.options.strategy = StrategyKind::random;
  } else if (v == "pb") {
    c.options.strategy = StrategyKind::pb;
  } else if (v == "pct") {
    c.options.strategy = StrategyKind::pct;
  } else if (v == "auto") {
    c.options.strategy = StrategyKind::automatic;
  } else {
    return fmt::format("unknown strategy '{}' (expected dpor, dfs, pb, pct, random or auto)", v);
  }
  return {};
}

std::string set_report(CliConfig& c, std::string_view v) {
  if (v == "text") {
    c.report = ReportFormat::text;
  } else if (v == "json") {
    c.report = ReportFormat::json;
  } else {
    return fmt::format("unknown report format '{}' (expected text or json)", v);
  }
  return {};
}

// why: a token mangled by copy-paste is an input error best reported before anything runs;
// whether it was made for this test and this version is checked when it is replayed.
std::string set_replay(CliConfig& c, std::string_view v) {
  auto decoded = strategy::decode_token(v);
  if (const auto* why = std::get_if<std::string>(&decoded)) return *why;
  c.options.replay = std::string(v);
  return {};
}

std::string set_unsigned(unsigned& field, std::string_view v, std::uint64_t min) {
  std::uint64_t n = 0;
  if (std::string err = set_count(n, v, min); !err.empty()) return err;
  if (n > std::numeric_limits<unsigned>::max()) return fmt::format("{} is too large", n);
  field = static_cast<unsigned>(n);
  return {};
}

std::string set_spurious(CliConfig& c, std::string_view v) { return set_unsigned(c.options.spurious_wakeups, v, 0); }

std::string set_shard(CliConfig& c, std::string_view v) {
  std::uint32_t index = 0;
  std::uint32_t count = 0;
  if (std::string err = report::parse_shard(v, index, count); !err.empty()) return err;
  c.options.shard_index = index;
  c.options.shard_count = count;
  return {};
}

std::string set_jobs(CliConfig& c, std::string_view v) {
  if (std::string err = set_unsigned(c.options.jobs, v, 1); !err.empty()) return err;
  if (c.options.jobs > 256) return fmt::format("at most 256 jobs, got {}", c.options.jobs);
  return {};
}

// invariant: the defaults shown are those of Options (test_cli_options checks it) and those of
// docs/reference.md.
// clang-format off
const std::array<Flag, 23> kFlags{{
  {"--list", nullptr, "BRAID_LIST", "=1", "off", "list the tests and exit",
   [](CliConfig& c, std::string_view v) { return set_bool(c.list, v, false); }, nullptr, true},
  {"--filter", "GLOB", "BRAID_FILTER", "", "*", "run the tests whose name matches (gtest syntax: a.*:b.*-b.slow)",
   [](CliConfig& c, std::string_view v) { return set_text(c.filter, v); }, nullptr, true},
  {"--strategy", "NAME", "BRAID_STRATEGY", "", "dpor",
   "dpor (one interleaving per trace), dfs (every interleaving), pb, pct, random, or auto (dpor, then pct)",
   set_strategy, nullptr, true},
  {"--bound", "K", "BRAID_BOUND", "", "2", "pb: the most preemptions a schedule may have",
   [](CliConfig& c, std::string_view v) { return set_unsigned(c.options.bound, v, 0); }, nullptr, true},
  {"--depth", "D", "BRAID_DEPTH", "", "3", "pct: the bug depth targeted (D - 1 priority changes)",
   [](CliConfig& c, std::string_view v) { return set_unsigned(c.options.depth, v, 1); }, nullptr, true},
  {"--max-executions", "N", "BRAID_MAX_EXECUTIONS", "", "0", "executions per test (0: no limit; random, pct: 1000)",
   [](CliConfig& c, std::string_view v) { return set_count(c.options.max_executions, v, 0); }, nullptr, true},
  {"--time-limit", "SECONDS", "BRAID_TIME_LIMIT", "", "0", "stop exploring a test after this long (0: no limit)",
   [](CliConfig& c, std::string_view v) { return set_seconds(c.options.time_limit_s, v, true); }, nullptr, true},
  {"--seed", "N", "BRAID_SEED", "", "0", "seed of the random and pct strategies",
   [](CliConfig& c, std::string_view v) { return set_count(c.options.seed, v, 0); }, nullptr, true},
  {"--replay", "TOKEN", "BRAID_REPLAY", "", "-", "run exactly the schedule of TOKEN and print its trace",
   set_replay, nullptr, true},
  {"--report", "FORMAT", "BRAID_REPORT", "", "text", "report format: text or json",
   set_report, nullptr, true},
  {"--output", "FILE", "BRAID_OUTPUT", "", "stdout", "write the report to FILE (replaced atomically)",
   [](CliConfig& c, std::string_view v) { return set_text(c.output, v); }, nullptr, true},
  {"--checkpoint", "FILE", "BRAID_CHECKPOINT", "", "-", "resume from FILE; save there when stopped early (signal, limits)",
   [](CliConfig& c, std::string_view v) { return set_text(c.options.checkpoint, v); }, nullptr, true},
  {"--keep-going", nullptr, "BRAID_KEEP_GOING", "=1", "off", "collect distinct bugs instead of stopping at the first",
   [](CliConfig& c, std::string_view v) { return set_bool(c.options.keep_going, v, false); }, nullptr, true},
  {"--progress", nullptr, "BRAID_PROGRESS", "=1", "tty", "a live progress line on stderr (default: on a terminal, not under CI)",
   [](CliConfig& c, std::string_view v) { return set_bool(c.progress, v, false); }, nullptr, true},
  {"--no-progress", nullptr, "BRAID_PROGRESS", "=0", "tty", "show no progress",
   [](CliConfig& c, std::string_view v) { return set_bool(c.progress, v, true); }, nullptr, false},
  {"--max-steps", "N", "BRAID_MAX_STEPS", "", "100000", "scheduling points per execution before it is a livelock",
   [](CliConfig& c, std::string_view v) { return set_count(c.options.max_steps, v, 1); }, nullptr, true},
  {"--spurious-wakeups", "N", "BRAID_SPURIOUS_WAKEUPS", "", "1", "spurious condition-variable wake-ups per execution",
   set_spurious, nullptr, true},
  {"--no-isolation", nullptr, "BRAID_ISOLATION", "=0", "isolated", "run executions in-process, not in a worker",
   [](CliConfig& c, std::string_view v) { return set_bool(c.options.isolate, v, true); },
   [](CliConfig& c, std::string_view v) { return set_bool(c.options.isolate, v, false); }, true},
  {"--hang-timeout", "SECONDS", "BRAID_HANG_TIMEOUT", "", "10", "stop a worker silent this long (reported as livelock)",
   [](CliConfig& c, std::string_view v) { return set_seconds(c.options.hang_timeout_s, v, false); }, nullptr, true},
  {"--jobs", "N", "BRAID_JOBS", "", "1", "explore each test with N worker processes (dpor, pct: no faster, see docs)",
   set_jobs, nullptr, true},
  {"--shard", "K/N", "BRAID_SHARD", "", "0/1", "explore only shard K of N, then braid merge (dpor, pct: each shard runs all)",
   set_shard, nullptr, true},
  {"-h,--help", nullptr, nullptr, "", "", "print this help and exit",
   [](CliConfig& c, std::string_view v) { return set_bool(c.help, v, false); }, nullptr, false},
  {"--version", nullptr, nullptr, "", "", "print the version and exit",
   [](CliConfig& c, std::string_view v) { return set_bool(c.version, v, false); }, nullptr, false},
}};
// clang-format on

// "--filter" from "-h,--filter": the long name, as messages and --help show it.
std::string_view long_name(const Flag& f) {
  std::string_view n = f.names;
  return n.substr(n.rfind(',') + 1);
}

// "--filter=GLOB", "--help, -h": a flag as --help shows it.
std::string shown_name(const Flag& f) {
  std::string_view names = f.names;
  std::string out(long_name(f));
  if (f.arg != nullptr) out += fmt::format("={}", f.arg);
  std::size_t comma = names.find(',');
  if (comma != std::string_view::npos) out += fmt::format(", {}", names.substr(0, comma));
  return out;
}

std::string usage_error(std::string_view what) { return fmt::format("braid: {} (see --help)", what); }

// "--frobnicate=3" -> "unknown option '--frobnicate'"; "stray" -> "unexpected argument 'stray'".
std::string leftover_error(const std::string& arg) {
  if (arg.size() > 1 && arg[0] == '-' && arg != "--") {
    return usage_error(fmt::format("unknown option '{}'", arg.substr(0, arg.find('='))));
  }
  return usage_error(fmt::format("unexpected argument '{}'", arg));
}

std::string parse_error(const CLI::ParseError& e) {
  std::string what = e.what();
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr && what.rfind("--", 0) == 0) {
    return usage_error(fmt::format("option '{}' needs a value", what.substr(0, what.find(':'))));
  }
  return usage_error(what);
}

// Registers every flag with CLI11; options[i] belongs to kFlags[i].
std::vector<CLI::Option*> register_flags(CLI::App& app) {
  app.set_help_flag();  // why: --help is ours, listed in kFlags with the others
  app.allow_extras();   // why: leftovers get our own message (leftover_error)
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  std::vector<CLI::Option*> options;
  for (const Flag& f : kFlags) {
    options.push_back(f.arg != nullptr ? app.add_option(f.names)->expected(1) : app.add_flag(f.names));
  }
  return options;
}

// Variables whose flag (or a flag sharing the variable) is on the command line: not read.
std::set<std::string> overridden_env(const std::vector<CLI::Option*>& options) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < kFlags.size(); ++i) {
    if (kFlags[i].env != nullptr && options[i]->count() > 0) out.insert(kFlags[i].env);
  }
  return out;
}

std::string apply_env(CliConfig& c, const std::vector<CLI::Option*>& options,
                      const std::function<const char*(const char*)>& getenv) {
  const std::set<std::string> skip = overridden_env(options);
  for (const Flag& f : kFlags) {
    if (f.env == nullptr || !f.reads_env || skip.count(f.env) > 0) continue;
    const char* value = getenv(f.env);
    if (value == nullptr || *value == '\0') continue;
    Setter set = f.on_env != nullptr ? f.on_env : f.on_flag;
    if (std::string err = set(c, value); !err.empty()) return fmt::format("braid: {}: {}", f.env, err);
  }
  return {};
}

// In command-line order, so that the last of "--progress --no-progress" wins.
std::string apply_command_line(CliConfig& c, const CLI::App& app, const std::vector<CLI::Option*>& options) {
  std::map<const CLI::Option*, std::size_t> seen;
  for (const CLI::Option* opt : app.parse_order()) {
    std::size_t i = 0;
    while (options[i] != opt) ++i;  // invariant: parse_order only holds registered options
    const std::string& value = opt->results().at(seen[opt]++);
    if (std::string err = kFlags[i].on_flag(c, value); !err.empty()) {
      return fmt::format("braid: {}: {}", long_name(kFlags[i]), err);
    }
  }
  return {};
}

std::string program_name(int argc, const char* const* argv) {
  std::string_view p = argc > 0 && argv[0] != nullptr ? argv[0] : "braid-tests";
  return std::string(p.substr(p.rfind('/') + 1));
}

ParseOutcome stop(ParseOutcome out, int code, std::string message) {
  out.exit_code = code;
  out.message = std::move(message);
  return out;
}

ParseOutcome parse(int argc, const char* const* argv, const std::function<const char*(const char*)>& getenv) {
  ParseOutcome out;
  out.config.progress = progress_by_default(isatty(STDERR_FILENO) == 1, getenv("CI"), getenv("TERM"));
  CLI::App app{"braid", program_name(argc, argv)};
  const std::vector<CLI::Option*> options = register_flags(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return stop(std::move(out), 2, parse_error(e));
  }
  if (!app.remaining().empty()) return stop(std::move(out), 2, leftover_error(app.remaining().front()));
  // why: --help and --version work even when the environment holds a bad value.
  if (app.count("--help") > 0) {
    out.config.help = true;
    return stop(std::move(out), 0, usage(program_name(argc, argv)));
  }
  if (app.count("--version") > 0) {
    out.config.version = true;
    return stop(std::move(out), 0, fmt::format("braid {}", kVersion));
  }
  if (std::string err = apply_env(out.config, options, getenv); !err.empty()) return stop(std::move(out), 2, err);
  if (std::string err = apply_command_line(out.config, app, options); !err.empty()) {
    return stop(std::move(out), 2, err);
  }
  // why: --jobs=N runs shards 0..N-1 of the whole search; a shard of a shard needs a rule that
  // splits one prefix set further, which the prefix rule (shard.hpp) does not give.
  if (out.config.options.jobs > 1 && out.config.options.shard_count > 1) {
    return stop(std::move(out), 2, usage_error("--jobs and --shard cannot be combined yet: give one or the other"));
  }
  return out;
}

}  // namespace

ParseOutcome parse_command_line(int argc, const char* const* argv,
                                const std::function<const char*(const char*)>& getenv) {
  try {
    return parse(argc, argv, getenv);
  } catch (const std::exception& e) {
    ParseOutcome out;
    return stop(std::move(out), 2, fmt::format("braid: cannot parse the command line: {}", e.what()));
  }
}

bool progress_by_default(bool stderr_is_terminal, const char* ci, const char* term) {
  bool value = false;
  const bool under_ci = ci != nullptr && *ci != '\0' && !(parse_bool(ci, value) && !value);
  return stderr_is_terminal && !under_ci && std::string_view(term == nullptr ? "" : term) != "dumb";
}

std::string usage(std::string_view program) {
  std::string out = fmt::format(
      "Usage: {} [options]\n\n"
      "Runs the Braid tests of this program, exploring the interleavings of their threads.\n"
      "Every option has an environment twin; the command line wins over the environment.\n\n",
      program);
  out += fmt::format("  {:<26}{:<26}{:<10}{}\n", "Option", "Environment", "Default", "Meaning");
  for (const Flag& f : kFlags) {
    std::string env = f.env != nullptr ? fmt::format("{}{}", f.env, f.env_suffix) : "-";
    out += fmt::format("  {:<26}{:<26}{:<10}{}\n", shown_name(f), env, f.fallback, f.help);
  }
  out +=
      "\nExit codes: 0 no bug found (the report says whether exploration was complete), 1 bug found,\n"
      "2 usage or input error, 3 internal error.\n";
  return out;
}

namespace {

// One glob, '*' and '?' only. Greedy with one backtrack point: linear in practice, and never
// exponential (a later '*' makes earlier backtracking pointless).
bool glob_one(std::string_view p, std::string_view t) {
  std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
      ++pi;
      ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool any_glob(std::string_view list, std::string_view text) {
  std::size_t start = 0;
  while (true) {
    std::size_t end = list.find(':', start);
    if (glob_one(list.substr(start, end - start), text)) return true;
    if (end == std::string_view::npos) return false;
    start = end + 1;
  }
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t dash = pattern.find('-');
  std::string_view positive = pattern.substr(0, dash);
  if (positive.empty() && dash != std::string_view::npos) positive = "*";
  if (!any_glob(positive, text)) return false;
  return dash == std::string_view::npos || !any_glob(pattern.substr(dash + 1), text);
}

}  // namespace braid::cli
