// The live progress line of a test binary on a terminal: written to standard error only,
// rewritten in place with '\r', never part of a report.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "braid/config.hpp"
#include "checker/runtime/runner.hpp"

namespace braid::cli {

// One progress line of at most `width` characters, without '\r' or a newline, e.g.
// "braid: racy.counter  dfs  12,345 executions  61.2k/s  0 bugs  3.2 s  ~41% (est. 4.6 s left)".
// The estimate takes the furthest of the strategy's own estimate, --max-executions and
// --time-limit (whichever ends the run first), and is left out when none of them tells.
std::string progress_line(const rt::Progress& p, const Options& options, std::size_t width = 200);

// Shows progress lines on a stream (standard error), at most four a second, each cut to the
// terminal's width so that '\r' can rewrite it.
class ProgressDisplay {
 public:
  ProgressDisplay(std::FILE* out, const Options& options);
  void show(const rt::Progress& p);
  // Erases the line, if one is shown: call before any other output.
  void clear();

 private:
  std::FILE* out_;
  const Options& options_;
  std::size_t width_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace braid::cli
