// Runs the clang passes of `braid lint` over the input files. A light header: the caller needs no
// clang include.
#pragma once

#include <string>
#include <vector>

#include "checker/instrument/lint/facts.hpp"

namespace braid::lint {

// How the files are compiled: from BUILD_DIR/compile_commands.json (-p), with the arguments after
// `--`, or, with neither, with the defaults (-std=c11 -D_DEFAULT_SOURCE for .c and .h files,
// -std=c++20 for the others).
struct ToolInput {
  std::vector<std::string> files;
  std::string build_dir;
  bool have_args = false;
  std::vector<std::string> args;
};

// Parses every file and gathers the facts of all of them into `facts`. Returns false, with a
// one-line `error`, when a file is missing, has no compile command, or does not compile (clang's
// own diagnostics have then been printed to standard error).
bool gather_facts(const ToolInput& input, Facts& facts, std::string& error);

}  // namespace braid::lint
