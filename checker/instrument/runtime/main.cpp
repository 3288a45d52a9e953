// The program's main, wrapped (braid cc links with -Wl,--wrap=main). Run directly, the program
// runs as it always does: every interposed function forwards to the real one. Run by
// `braid check` (BRAID_CHECK=1, the options in BRAID_CHECK_ARGS, one per \x1f-separated field,
// and the BRAID_<FLAG> twins), main becomes the test body: the runtime explores its interleavings,
// one forked child per execution, prints the report and exits with the test binaries' codes.
#include <dlfcn.h>
#include <fmt/format.h>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "checker/cli/options.hpp"
#include "checker/cli/progress.hpp"
#include "checker/cli/report_output.hpp"
#include "checker/instrument/runtime/forked_host.hpp"
#include "checker/instrument/runtime/program_heap.hpp"
#include "checker/instrument/runtime/state.hpp"
#include "checker/instrument/runtime/sync.hpp"
#include "checker/report/symbolize.hpp"
#include "checker/runtime/runner.hpp"

namespace braid::instrument {
namespace {

using MainFn = int (*)(int, char**, char**);

// The program's own main. why: --wrap=main renames the references of the program's objects only,
// so this library cannot name __real_main; braid cc links with -rdynamic, which exports main.
MainFn real_main() {
  static auto fn = reinterpret_cast<MainFn>(dlsym(RTLD_DEFAULT, "main"));
  if (fn == nullptr) {
    std::fputs("braid runtime: the program exports no main (link it with braid cc, which passes -rdynamic)\n", stderr);
    std::abort();
  }
  return fn;
}

struct Program {
  int argc;
  char** argv;
  char** envp;
  bool exit_is_bug;
  const DataNames* names;
  ForkedHost* host;
};

// The arguments `braid check` passed, as a command line for parse_command_line.
std::vector<std::string> check_arguments(const char* packed) {
  std::vector<std::string> args{"braid check"};
  std::string s = packed != nullptr ? packed : "";
  for (std::size_t start = 0; !s.empty() && start <= s.size();) {
    std::size_t end = s.find('\x1f', start);
    if (end == std::string::npos) end = s.size();
    args.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return args;
}

// Thread 0's body: the program's main. As in C, main's end (a return or exit()) ends the program
// while other threads may still run: one still running is cut short, a leaked thread (main_ended).
void run_main(const Program& p) {
  InstrumentState state;
  state.exit_is_bug = p.exit_is_bug;
  state.names = p.names;
  state.warn = [&p](const char* call, const void* pc) { p.host->warn(call, pc); };
  StateScope scope(state);
  std::jmp_buf at_exit;
  state.main_exit = &at_exit;
  int status = 0;
  if (setjmp(at_exit) == 0) {
    status = real_main()(p.argc, p.argv, p.envp);
  } else {
    status = state.exit_status;  // exit() reported a non-zero status already
  }
  state.main_exit = nullptr;
  rt::Execution* ex = rt::Execution::current();
  if (status != 0 && p.exit_is_bug && state.exit_status == 0) {
    ex->report(detect::BugDraft{BugKind::crash, fmt::format("main returned {}", status), {}});
  }
  main_ended(*ex);
}

// Calls the model does not control, once per call and site, on standard error.
void print_warnings(const std::vector<ForkedHost::Warning>& warnings) {
  std::vector<const void*> pcs;
  for (const ForkedHost::Warning& w : warnings) pcs.push_back(w.pc);
  std::vector<Location> at = report::symbolize(pcs);
  for (std::size_t i = 0; i < warnings.size(); ++i) {
    std::fprintf(stderr,
                 "braid check: warning: %s called at %s inside an execution: Braid does not control it (it runs "
                 "for real; a call that blocks is reported as livelock)\n",
                 warnings[i].call.c_str(), report::short_location(at[i]).c_str());
  }
}

std::string program_name(const char* argv0) {
  const char* slash = std::strrchr(argv0, '/');
  return slash != nullptr ? slash + 1 : argv0;
}

int explore(const Program& p, const cli::CliConfig& cfg) {
  Options options = cfg.options;
  options.isolate = false;  // why: every execution runs in a forked child already
  const std::string name = program_name(p.argv[0]);
  if (!options.replay.empty()) {
    if (auto err = rt::plan_replay(options.replay, name); std::holds_alternative<std::string>(err)) {
      std::fprintf(stderr, "braid: cannot replay: %s\n", std::get<std::string>(err).c_str());
      return cli::kExitUsage;
    }
  }
  const bool quiet = options.replay.empty() || (cfg.report == ReportFormat::json && cfg.output.empty());
  ForkedHost host(options.max_steps, quiet, options.hang_timeout_s);
  rt::RunHooks hooks;
  hooks.host = &host;
  hooks.trail = host.trail();
  cli::ProgressDisplay display(stderr, options);
  if (cfg.progress && options.replay.empty())
    hooks.on_progress = [&display](const rt::Progress& pr) { display.show(pr); };
  Program with_host = p;
  with_host.host = &host;
  std::function<void()> body = [&with_host] { run_main(with_host); };
  Result r = rt::run_in_process(body, options, name, hooks);
  display.clear();
  print_warnings(host.warnings());
  std::vector<Result> results{std::move(r)};
  if (int rc = cli::write_report(cfg, results); rc != cli::kExitPass) return rc;
  return cli::exit_code(results);
}

int check_main(Program p) {
  std::vector<std::string> args = check_arguments(std::getenv("BRAID_CHECK_ARGS"));
  // why: programs this one starts are not under `braid check`.
  unsetenv("BRAID_CHECK");
  unsetenv("BRAID_CHECK_ARGS");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  cli::ParseOutcome parsed = cli::parse_command_line(static_cast<int>(argv.size()), argv.data());
  if (parsed.exit_code >= 0) {
    std::fputs((parsed.message + "\n").c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code;
  }
  const cli::CliConfig& cfg = parsed.config;
  if (cfg.list) {
    std::printf("%s\n", program_name(p.argv[0]).c_str());
    return cli::kExitPass;
  }
  if (cfg.options.jobs > 1 || cfg.options.shard_count > 1) {
    std::fprintf(stderr, "braid check: --jobs and --shard are not supported for programs yet\n");
    return cli::kExitUsage;
  }
  const DataNames names;  // why: here, before the fork of each execution, read once
  p.names = &names;
  return explore(p, cfg);
}

}  // namespace
}  // namespace braid::instrument

extern "C" int __wrap_main(int argc, char** argv, char** envp) {
  braid::instrument::program_heap::seal();  // the program's heap at main is complete
  const char* on = std::getenv("BRAID_CHECK");
  if (on == nullptr || std::strcmp(on, "1") != 0) return braid::instrument::real_main()(argc, argv, envp);
  const char* exit_flag = std::getenv("BRAID_EXIT_IS_BUG");
  const bool exit_is_bug = exit_flag == nullptr || std::strcmp(exit_flag, "0") != 0;
  try {
    return braid::instrument::check_main(braid::instrument::Program{argc, argv, envp, exit_is_bug, nullptr, nullptr});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "braid: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "braid: internal error\n");
  }
  return braid::cli::kExitInternal;
}
