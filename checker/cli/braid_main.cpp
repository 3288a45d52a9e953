// The `braid` driver: `braid cc` / `braid c++` build unmodified programs with Braid's
// instrumentation and `braid check` explores them (checker/instrument); `braid merge` combines the
// reports of the shards of one run (--shard=K/N) into the report of that run. `lint` and `report`
// are announced here and come later.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "checker/cli/version.hpp"
#include "checker/instrument/driver/driver.hpp"
#include "checker/instrument/lint/lint.hpp"
#include "checker/report/json.hpp"
#include "checker/report/merge.hpp"
#include "checker/report/text.hpp"
#include "checker/report/write_atomic.hpp"

namespace braid::cli {
namespace {

constexpr int kExitPass = 0;
constexpr int kExitBug = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInternal = 3;

constexpr std::string_view kUsage =
    "Usage: braid COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  merge A.json B.json ... [-o OUT] [--format=json|text]\n"
    "                 combine the JSON reports of shards 0..N-1 of one run (--shard=K/N) into the\n"
    "                 report of that run (to OUT, or standard output)\n"
    "  cc ARGS, c++ ARGS\n"
    "                 compile and link an unmodified C / C++ program with clang-19 and Braid's\n"
    "                 instrumentation (memory accesses, atomics, pthreads, std::thread)\n"
    "  check PROG [options] [-- ARGS]\n"
    "                 explore the interleavings of PROG (built with braid cc): its main is the test\n"
    "                 body; the options and report are the test binaries' (braid check --help)\n"
    "  lint FILES... [-p BUILD_DIR | -- COMPILER_ARGS...] [--format=text|sarif] [-o OUT]\n"
    "                 static concurrency checks of C/C++ sources: non-reentrant code reachable\n"
    "                 from two threads or a signal handler, signal-unsafe calls in handlers,\n"
    "                 globals accessed with and without a lock, lock order cycles\n"
    "  help           print this help\n"
    "  report\n"
    "                 not implemented yet\n"
    "\n"
    "Options: -h, --help (this help), --version.\n"
    "Exit codes: 0 no bug found, 1 bug found, 2 usage or input error, 3 internal error.\n";

int usage_error(const std::string& what) {
  std::fprintf(stderr, "braid: %s (see braid help)\n", what.c_str());
  return kExitUsage;
}

// The shard report in `path`, or a one-line error.
std::string read_shard(const std::string& path, report::ShardReport& out) {
  std::ifstream in(path);
  if (!in) return fmt::format("cannot read {}", path);
  std::stringstream text;
  text << in.rdbuf();
  try {
    out = report::shard_report_from_json(nlohmann::json::parse(text.str()), path);
  } catch (const std::exception& e) {
    return fmt::format("{}: {}", path, e.what());
  }
  return {};
}

int verdict_code(const std::vector<Result>& results) {
  int code = kExitPass;
  for (const Result& r : results) {
    if (r.verdict == Verdict::error) return kExitUsage;
    if (r.verdict == Verdict::bug) code = kExitBug;
  }
  return code;
}

int merge(int argc, char** argv) {
  CLI::App app{"braid merge: combine shard reports", "braid merge"};
  std::vector<std::string> inputs;
  std::string output;
  std::string format = "json";
  app.add_option("reports", inputs, "the JSON reports of shards 0..N-1")->required();
  app.add_option("-o,--output", output, "write the merged report here (replaced atomically)");
  app.add_option("--format", format, "json or text")->check(CLI::IsMember({"json", "text"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return kExitPass;
  } catch (const CLI::ParseError& e) {
    return usage_error(fmt::format("merge: {}", e.what()));
  }
  std::vector<report::ShardReport> shards(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (std::string err = read_shard(inputs[i], shards[i]); !err.empty()) return usage_error("merge: " + err);
  }
  auto merged = report::merge_shards(std::move(shards));
  if (auto* err = std::get_if<std::string>(&merged)) return usage_error("merge: " + *err);
  const auto& results = std::get<std::vector<Result>>(merged);
  std::string data =
      format == "text" ? report::render_text(results, false) : report::render_json(results, kVersion, {});
  if (output.empty()) {
    std::fputs(data.c_str(), stdout);
  } else if (std::string error; !report::write_file_atomic(output, data, error)) {
    return usage_error(fmt::format("merge: {}", error));
  }
  return verdict_code(results);
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage.data(), stderr);
    return kExitUsage;
  }
  const std::string_view command = argv[1];
  if (command == "help" || command == "-h" || command == "--help") {
    std::fputs(kUsage.data(), stdout);
    return kExitPass;
  }
  if (command == "--version") {
    std::printf("braid %s\n", kVersion);
    return kExitPass;
  }
  if (command == "merge") return merge(argc - 1, argv + 1);
  if (command == "cc" || command == "c++") return instrument::compile(argc - 1, argv + 1);
  if (command == "check") return instrument::check(argc - 1, argv + 1);
  if (command == "lint") return lint::run_lint(argc - 1, argv + 1);
  for (std::string_view later : {"report"}) {
    if (command == later) {
      std::fprintf(stderr, "braid: '%s' is not implemented yet\n", argv[1]);
      return kExitUsage;
    }
  }
  return usage_error(fmt::format("unknown command '{}'", command));
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
