// Writing a run's report as the command line asked (--report, --output) and its exit code:
// shared by the test binaries' main and `braid check` (the runtime's main).
#pragma once

#include <vector>

#include "braid/result.hpp"
#include "checker/cli/options.hpp"

namespace braid::cli {

inline constexpr int kExitPass = 0;
inline constexpr int kExitBug = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

// Prints the text report (or the JSON one, without --output) and writes --output; returns
// kExitUsage when the file cannot be written, else kExitPass.
int write_report(const CliConfig& cfg, const std::vector<Result>& results);

// 0 no bug, 1 a bug, 2 an error (bad token, ...).
int exit_code(const std::vector<Result>& results);

}  // namespace braid::cli
