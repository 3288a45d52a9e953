// The test binary's command line and its environment twins (BRAID_<FLAG>), parsed into plain
// config. The only place besides main that reads argv and the environment (STYLE.md 8).
#pragma once

#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>

#include "braid/config.hpp"

namespace braid::cli {

struct CliConfig {
  braid::Options options;
  bool list = false;
  std::string filter = "*";
  braid::ReportFormat report = braid::ReportFormat::text;
  std::string output;     // "" = standard output
  bool progress = false;  // default: progress_by_default()
  bool help = false;
  bool version = false;
};

struct ParseOutcome {
  CliConfig config;
  // -1: go on and run; 0: stop with success (--help, --version: print message to stdout);
  // 2: usage error (print message to stderr).
  int exit_code = -1;
  std::string message;
};

// Parses argv[1..argc) over the environment twins: a flag given on the command line beats its
// variable; a variable set to "" counts as unset. Never throws and never exits.
ParseOutcome parse_command_line(int argc, const char* const* argv,
                                const std::function<const char*(const char*)>& getenv = ::getenv);

// Whether progress is shown when neither --progress nor BRAID_PROGRESS says: on a terminal that
// can rewrite a line (TERM is not "dumb"), and not under CI (CI unset, empty, 0 or false).
bool progress_by_default(bool stderr_is_terminal, const char* ci, const char* term);

// The --help text: one line per flag with its env twin, default and meaning.
std::string usage(std::string_view program);

// gtest-style filter: "POSITIVE[-NEGATIVE]", each a ':'-separated list of globs ('*' any run of
// characters, '?' any one). Matches when some positive glob matches and no negative one does;
// an empty positive part (e.g. "-slow.*") means "*".
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace braid::cli
