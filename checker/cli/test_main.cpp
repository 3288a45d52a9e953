// The main of every test binary linked with braid_main: parses the command line (and BRAID_*
// environment twins), runs the selected BRAID_TESTs and reports. The only code, with
// options.cpp, that reads argv and the environment.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <variant>

#include "braid/explore.hpp"
#include "checker/cli/options.hpp"
#include "checker/cli/progress.hpp"
#include "checker/cli/report_output.hpp"
#include "checker/cli/version.hpp"
#include "checker/report/json.hpp"
#include "checker/report/merge.hpp"
#include "checker/report/text.hpp"
#include "checker/report/write_atomic.hpp"
#include "checker/runtime/checkpoint.hpp"
#include "checker/runtime/interrupt.hpp"
#include "checker/runtime/isolation.hpp"
#include "checker/runtime/jobs.hpp"
#include "checker/runtime/runner.hpp"
#include "checker/strategy/token.hpp"

namespace braid::cli {
namespace {

std::vector<const TestCase*> select_tests(const CliConfig& cfg) {
  std::vector<const TestCase*> out;
  for (const TestCase& t : registered_tests()) {
    if (glob_match(cfg.filter, t.name)) out.push_back(&t);
  }
  // A token names its test: with several tests selected, replay the one it was made for.
  if (!cfg.options.replay.empty() && out.size() > 1) {
    auto token = strategy::decode_token(cfg.options.replay);
    if (auto* t = std::get_if<strategy::Token>(&token)) {
      std::vector<const TestCase*> match;
      for (const TestCase* tc : out) {
        if (strategy::test_hash(tc->name) == t->test_hash) match.push_back(tc);
      }
      if (!match.empty()) out = match;
    }
  }
  return out;
}

Result run_test(const TestCase& t, const CliConfig& cfg) {
  std::function<void()> body = t.body;
  // why: with --jobs the workers run silently (no progress line); the parent prints the merge.
  if (cfg.options.jobs > 1 && cfg.options.replay.empty()) return rt::run_jobs(body, cfg.options, t.name);
  // why: a replay is one execution; its trace is the output that matters.
  const bool show = cfg.progress && cfg.options.replay.empty();
  ProgressDisplay display(stderr, cfg.options);
  std::function<void(const rt::Progress&)> progress;
  if (show) progress = [&display](const rt::Progress& p) { display.show(p); };
  Result r;
  if (cfg.options.isolate) {
    r = rt::run_isolated(body, cfg.options, t.name, progress);
  } else {
    rt::RunHooks hooks;
    hooks.on_progress = progress;
    r = rt::run_in_process(body, cfg.options, t.name, hooks);
  }
  display.clear();  // before any other output: the next test's line or the report
  return r;
}

int run(int argc, char** argv) {
  ParseOutcome parsed = parse_command_line(argc, argv);
  if (parsed.exit_code >= 0) {
    std::fputs((parsed.message + "\n").c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code;
  }
  const CliConfig& cfg = parsed.config;
  std::vector<const TestCase*> tests = select_tests(cfg);
  if (cfg.list) {
    for (const TestCase* t : tests) std::printf("%s\n", t->name.c_str());
    return kExitPass;
  }
  if (tests.empty()) {
    std::fprintf(stderr, "braid: no test matches --filter=%s (see --list)\n", cfg.filter.c_str());
    return kExitUsage;
  }
  if (std::string error; !cfg.output.empty() && !report::can_write_file(cfg.output, error)) {
    std::fprintf(stderr, "braid: %s\n", error.c_str());  // before exploring, not after
    return kExitUsage;
  }
  if (!cfg.options.replay.empty()) {
    if (auto err = rt::plan_replay(cfg.options.replay, tests.front()->name); std::holds_alternative<std::string>(err)) {
      std::fprintf(stderr, "braid: cannot replay: %s\n", std::get<std::string>(err).c_str());
      return kExitUsage;
    }
    tests.resize(1);
  }
  const std::string& checkpoint = cfg.options.checkpoint;
  if (!checkpoint.empty() && cfg.options.replay.empty()) {
    std::vector<std::string> names;
    names.reserve(tests.size());
    for (const TestCase* t : tests) names.push_back(t->name);
    if (std::string error = rt::check_checkpoint(checkpoint, names, cfg.options); !error.empty()) {
      std::fprintf(stderr, "braid: %s\n", error.c_str());
      return kExitUsage;
    }
    // why: a stop signal now ends each test after its current execution, saved for a resume.
    rt::install_stop_handlers();
  }
  std::vector<Result> results;
  results.reserve(tests.size());
  for (const TestCase* t : tests) results.push_back(run_test(*t, cfg));
  if (std::string error; !checkpoint.empty() && !rt::finish_checkpoint(checkpoint, error)) {
    std::fprintf(stderr, "braid: %s\n", error.c_str());
  }
  if (int rc = write_report(cfg, results); rc != kExitPass) return rc;
  return exit_code(results);
}

}  // namespace
}  // namespace braid::cli

int main(int argc, char** argv) {
  try {
    return braid::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "braid: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "braid: internal error\n");
  }
  return braid::cli::kExitInternal;
}
