// The command line of `braid lint`: parses the options, runs the passes and the checks, writes
// the report and chooses the exit code.
#include "checker/instrument/lint/lint.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "checker/instrument/lint/checks.hpp"
#include "checker/instrument/lint/render.hpp"
#include "checker/instrument/lint/tool.hpp"
#include "checker/report/write_atomic.hpp"

namespace braid::lint {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInternal = 3;

constexpr const char* kFooter =
    "Compiler flags: from -p BUILD_DIR (its compile_commands.json), or after --, as in\n"
    "  braid lint src/queue.c src/pool.c -- -std=gnu11 -Iinclude -DNDEBUG\n"
    "Without -p or --, a file is parsed with -std=c11 -D_DEFAULT_SOURCE if it ends in .c or .h,\n"
    "else with -std=c++20.\n"
    "Checks: nonreentrant, signal-unsafe, mixed-locking, lock-order (docs/how-to/lint.md).\n"
    "Exit codes: 0 no warning, 1 warnings, 2 usage or input error (a missing file, an unknown\n"
    "option, a file that does not compile), 3 internal error.\n";

int input_error(const std::string& what) {
  std::fprintf(stderr, "braid lint: %s\n", what.c_str());
  return kExitUsage;
}

struct Options {
  ToolInput input;
  std::string format = "text";
  std::string output;
};

// Parses argv (argv[0] is "lint"); returns -1 to go on, else the exit code to return now.
int parse(int argc, char** argv, Options& options) {
  std::vector<std::string> own;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--") {
      options.input.have_args = true;
      options.input.args.assign(argv + i + 1, argv + argc);
      break;
    }
    own.emplace_back(argv[i]);
  }
  CLI::App app{"braid lint: static concurrency checks of C and C++ sources (clang libTooling)", "braid lint"};
  app.footer(kFooter);
  app.add_option("files", options.input.files, "the C or C++ sources to analyse, together")->required();
  app.add_option("-p,--build-dir", options.input.build_dir,
                 "read the compile commands from BUILD_DIR/compile_commands.json");
  app.add_option("--format", options.format, "text (compiler-style warnings) or sarif (SARIF 2.1.0)")
      ->check(CLI::IsMember({"text", "sarif"}));
  app.add_option("-o,--output", options.output, "write the report to FILE (replaced atomically), not standard output");
  std::reverse(own.begin(), own.end());  // why: CLI11 parses a vector from its back
  try {
    app.parse(own);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return kExitClean;
  } catch (const CLI::ParseError& e) {
    return input_error(fmt::format("{} (see braid lint --help)", e.what()));
  }
  if (!options.input.build_dir.empty() && options.input.have_args) {
    return input_error("give either -p BUILD_DIR or -- COMPILER_ARGS, not both");
  }
  return -1;
}

// why: a thread started on a function pointer runs code the checks never see as an entry; say
// so (on standard error: it is not a finding and does not change the exit code).
void warn_unfollowed(const Facts& facts) {
  for (const ThreadStart& s : facts.starts) {
    if (!s.entry.empty()) continue;
    std::fprintf(stderr,
                 "braid lint: %s:%u:%u: a thread starts on a function the lint cannot name (a pointer?); "
                 "what it runs is not checked as a thread entry\n",
                 s.site.file.c_str(), s.site.line, s.site.column);
  }
}

int lint(int argc, char** argv) {
  Options options;
  if (int code = parse(argc, argv, options); code >= 0) return code;
  std::string error;
  if (!options.output.empty() && !report::can_write_file(options.output, error)) return input_error(error);
  Facts facts;
  if (!gather_facts(options.input, facts, error)) return input_error(error);
  warn_unfollowed(facts);
  std::vector<Finding> findings = run_checks(facts);
  std::string report =
      options.format == "sarif" ? render_sarif(findings) : render_text(findings, options.input.files.size());
  if (options.output.empty()) {
    std::fputs(report.c_str(), stdout);
  } else if (!report::write_file_atomic(options.output, report, error)) {
    return input_error(error);
  }
  return findings.empty() ? kExitClean : kExitFindings;
}

}  // namespace

int run_lint(int argc, char** argv) {
  try {
    return lint(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "braid lint: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "braid lint: internal error\n");
  }
  return kExitInternal;
}

}  // namespace braid::lint
