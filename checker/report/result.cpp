// Names of the result enums (the words every report format and the CLI use) and the queries
// callers make on a Result.
#include "braid/result.hpp"

#include <array>
#include <utility>

#include "braid/config.hpp"

namespace braid {
namespace {

// invariant: one entry per BugKind, in enumerator order, spelled as the enumerator.
constexpr std::array<std::pair<BugKind, const char*>, 11> kBugKindNames{{
    {BugKind::data_race, "data_race"},
    {BugKind::deadlock, "deadlock"},
    {BugKind::self_deadlock, "self_deadlock"},
    {BugKind::lock_order_inversion, "lock_order_inversion"},
    {BugKind::nonreentrant, "nonreentrant"},
    {BugKind::assertion_failure, "assertion_failure"},
    {BugKind::crash, "crash"},
    {BugKind::uncaught_exception, "uncaught_exception"},
    {BugKind::misuse, "misuse"},
    {BugKind::livelock, "livelock"},
    {BugKind::leaked_thread, "leaked_thread"},
}};

}  // namespace

const char* to_string(BugKind kind) {
  for (const auto& [k, name] : kBugKindNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<BugKind> bug_kind_from_string(std::string_view name) {
  for (const auto& [k, n] : kBugKindNames) {
    if (name == n) return k;
  }
  return std::nullopt;
}

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "pass";
    case Verdict::bug:
      return "bug";
    case Verdict::error:
      return "error";
  }
  return "unknown";
}

const char* to_string(StrategyKind kind) {
  switch (kind) {
    case StrategyKind::dfs:
      return "dfs";
    case StrategyKind::dpor:
      return "dpor";
    case StrategyKind::random:
      return "random";
    case StrategyKind::pb:
      return "pb";
    case StrategyKind::pct:
      return "pct";
    case StrategyKind::automatic:
      return "auto";
  }
  return "unknown";
}

bool Result::found(BugKind kind) const {
  for (const Bug& bug : bugs) {
    if (bug.kind == kind) return true;
  }
  return false;
}

std::vector<std::string> Result::tokens() const {
  std::vector<std::string> out;
  out.reserve(bugs.size());
  for (const Bug& bug : bugs) out.push_back(bug.schedule);
  return out;
}

}  // namespace braid
