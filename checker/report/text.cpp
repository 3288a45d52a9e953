#include "checker/report/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace braid::report {
namespace {

std::string_view basename(std::string_view path) { return path.substr(path.rfind('/') + 1); }

std::string plural(std::uint64_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// "name: BUG (3 executions, 0.002 s, dfs, complete)" or "name: ERROR <why>".
std::string header(const Result& r) {
  if (r.verdict == Verdict::error) return fmt::format("{}: ERROR {}\n", r.name, r.error);
  return fmt::format("{}: {} ({}, {:.3f} s, {}, {})\n", r.name, r.verdict == Verdict::bug ? "BUG" : "pass",
                     plural(r.executions, "execution"), r.elapsed_s, r.strategy,
                     r.complete ? "complete" : "incomplete");
}

// Continuation lines of a multi-line message (a deadlock cycle, ...) are indented under its
// first; trailing newlines are dropped (the caller ends the line).
std::string indent_lines(std::string_view text, std::string_view indent) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

std::string location_line(const Location& l) {
  std::string where = l.line == 0 ? l.file : fmt::format("{}:{}", l.file, l.line);
  if (l.function.empty()) return fmt::format("    at {}\n", where);
  return fmt::format("    at {} ({})\n", where, l.function);
}

using Row = std::array<std::string, 6>;

Row trace_row(std::size_t index, const TraceStep& s) {
  std::string at = s.file.empty() ? "" : fmt::format("{}:{}", basename(s.file), s.line);
  return Row{std::to_string(index), std::to_string(s.thread), s.op, s.object, std::move(at), s.detail};
}

// Columns padded to their widest cell; the last column is not padded (no trailing blanks).
std::string table(const std::vector<Row>& rows, std::string_view indent) {
  std::array<std::size_t, 6> width{};
  for (const Row& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line(indent);
    for (std::size_t c = 0; c + 1 < row.size(); ++c) line += fmt::format("{:<{}}  ", row[c], width[c]);
    line += row.back();
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

std::string trace_table(const std::vector<TraceStep>& trace) {
  std::vector<Row> rows{Row{"step", "thread", "op", "object", "at", "detail"}};
  for (std::size_t i = 0; i < trace.size(); ++i) rows.push_back(trace_row(i + 1, trace[i]));
  return "    trace:\n" + table(rows, "      ");
}

std::string bug_block(const Bug& b, bool with_trace) {
  std::string out = fmt::format("  [{}] {}\n", to_string(b.kind), indent_lines(b.message, "    "));
  for (const Location& l : b.locations) out += location_line(l);
  if (!b.schedule.empty()) out += fmt::format("    replay: --replay={}\n", b.schedule);
  if (with_trace && !b.trace.empty()) out += trace_table(b.trace);
  return out;
}

std::string summary(const std::vector<Result>& tests) {
  auto count = [&](Verdict v) {
    return std::count_if(tests.begin(), tests.end(), [v](const Result& r) { return r.verdict == v; });
  };
  auto errors = count(Verdict::error);
  return fmt::format("{}: {} passed, {} with bugs, {} {}\n", plural(tests.size(), "test"), count(Verdict::pass),
                     count(Verdict::bug), errors, errors == 1 ? "error" : "errors");
}

}  // namespace

std::string render_text(const std::vector<Result>& tests, bool with_trace) {
  std::string out;
  for (const Result& r : tests) {
    out += header(r);
    for (const Bug& b : r.bugs) out += bug_block(b, with_trace);
    if (r.verdict != Verdict::error && !r.coverage.empty()) out += fmt::format("  {}\n", r.coverage);
  }
  out += summary(tests);
  return out;
}

}  // namespace braid::report
