#include "checker/cli/progress.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <string_view>

namespace braid::cli {
namespace {

// 12345 -> "12,345"
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// 61234.5 -> "61.2k"
std::string rate(double per_s) {
  if (per_s >= 1e6) return fmt::format("{:.1f}M", per_s / 1e6);
  if (per_s >= 1e4) return fmt::format("{:.1f}k", per_s / 1e3);
  return fmt::format("{:.0f}", per_s);
}

std::string duration(double s) {
  if (s < 60) return fmt::format("{:.1f} s", s);
  auto whole = static_cast<std::uint64_t>(s);
  if (s < 3600) return fmt::format("{} min {} s", whole / 60, whole % 60);
  return fmt::format("{} h {} min", whole / 3600, whole % 3600 / 60);
}

// The share of the run done, by the bound expected to end it first; negative when none tells.
double share_done(const rt::Progress& p, const Options& o) {
  double share = p.explored;
  if (o.max_executions != 0) {
    share = std::max(share, static_cast<double>(p.executions) / static_cast<double>(o.max_executions));
  }
  if (o.time_limit_s > 0) share = std::max(share, p.elapsed_s / o.time_limit_s);
  return std::min(share, 1.0);
}

// Not a terminal (progress forced on into a pipe or a file): nothing wraps, so no limit.
std::size_t terminal_width(std::FILE* out) {
  winsize w{};
  if (ioctl(fileno(out), TIOCGWINSZ, &w) == 0 && w.ws_col > 1) return w.ws_col;
  return std::numeric_limits<std::size_t>::max();
}

}  // namespace

std::string progress_line(const rt::Progress& p, const Options& options, std::size_t width) {
  const double per_s = p.elapsed_s > 0 ? static_cast<double>(p.executions) / p.elapsed_s : 0;
  const std::string head = fmt::format("braid: {}  {}  {} execution{}", p.name, p.strategy, grouped(p.executions),
                                       p.executions == 1 ? "" : "s");
  const std::string speed = fmt::format("  {}/s", rate(per_s));
  const std::string tail = fmt::format("  {} bug{}  {}", p.bugs, p.bugs == 1 ? "" : "s", duration(p.elapsed_s));
  const std::string phase = p.phase.empty() ? "" : fmt::format("  [{}]", p.phase);
  std::string estimate;
  if (const double share = share_done(p, options); share > 0) {
    std::string percent = share < 0.01 ? "<1%" : fmt::format("~{:.0f}%", share * 100);
    estimate = fmt::format("  {} (est. {} left)", percent, duration(p.elapsed_s * (1 - share) / share));
  }
  // Too wide: the rate goes first, then the phase; the estimate stays as long as it can.
  std::string line = head + speed + tail + phase + estimate;
  if (line.size() > width) line = head + tail + phase + estimate;
  if (line.size() > width) line = head + tail + estimate;
  if (line.size() > width) line.resize(width);
  return line;
}

ProgressDisplay::ProgressDisplay(std::FILE* out, const Options& options)
    : out_(out), options_(options), width_(terminal_width(out)) {}

void ProgressDisplay::show(const rt::Progress& p) {
  auto now = std::chrono::steady_clock::now();
  // why: the runner sends one every 0.25 s already; this only guards against bursts.
  if (shown_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  // why: a line as wide as the terminal wraps, and '\r' then rewrites only its last row.
  std::string line = progress_line(p, options_, width_ - 1);
  std::fprintf(out_, "\r\033[K%s", line.c_str());
  std::fflush(out_);
  shown_ = true;
}

void ProgressDisplay::clear() {
  if (!shown_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  shown_ = false;
}

}  // namespace braid::cli
