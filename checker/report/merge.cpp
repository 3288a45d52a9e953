#include "checker/report/merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <stdexcept>

#include "checker/report/json.hpp"

namespace braid::report {
namespace {

// A bug's identity across shards: its kind and the set of its source lines (as the runner's
// deduplication of one run, which keys on the same sites).
std::string bug_identity(const Bug& b) {
  std::vector<std::string> lines;
  for (const Location& l : b.locations) lines.push_back(fmt::format("{}:{}", l.file, l.line));
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  return fmt::format("{}|{}", to_string(b.kind), fmt::join(lines, "|"));
}

std::string executions_words(std::uint64_t n) { return fmt::format("{} execution{}", n, n == 1 ? "" : "s"); }

std::string merged_coverage(const Result& r, const std::vector<const Result*>& parts) {
  if (r.complete && r.strategy == "dpor") {
    return fmt::format("complete: every trace explored ({}, dpor{})", executions_words(r.executions),
                       r.pruned == 0 ? "" : fmt::format(", {} pruned", r.pruned));
  }
  if (r.complete) {
    return fmt::format("complete: every interleaving explored ({}, {})", executions_words(r.executions), r.strategy);
  }
  const auto count = static_cast<std::uint32_t>(parts.size());
  for (std::uint32_t k = 0; k < count; ++k) {
    if (parts[k]->complete) continue;
    std::string why = parts[k]->coverage;
    constexpr std::string_view kPrefix = "not complete: ";
    if (why.rfind(kPrefix, 0) == 0) why = why.substr(kPrefix.size());
    if (std::size_t tag = why.rfind(" [shard "); tag != std::string::npos) why.resize(tag);
    return fmt::format("not complete: {} over {} shards (shard {}: {})", executions_words(r.executions), count,
                       shard_name(k, count), why);
  }
  return fmt::format("not complete: {} over {} shards", executions_words(r.executions), count);
}

// One test from its part in every shard (parts[k] from shard k).
Result merge_test(const std::vector<const Result*>& parts) {
  Result r;
  r.name = parts.front()->name;
  r.strategy = parts.front()->strategy;
  r.complete = true;
  std::set<std::string> seen;
  for (std::uint32_t k = 0; k < parts.size(); ++k) {
    const Result& p = *parts[k];
    r.executions += p.executions;
    r.steps += p.steps;
    r.pruned += p.pruned;
    r.complete = r.complete && p.complete;
    r.elapsed_s = std::max(r.elapsed_s, p.elapsed_s);
    if (p.verdict == Verdict::error && r.error.empty()) {
      r.error = fmt::format("shard {}: {}", shard_name(k, static_cast<std::uint32_t>(parts.size())), p.error);
    }
    std::vector<const Bug*> bugs;
    for (const Bug& b : p.bugs) bugs.push_back(&b);
    std::stable_sort(bugs.begin(), bugs.end(), [](const Bug* a, const Bug* b) { return a->execution < b->execution; });
    for (const Bug* b : bugs) {
      if (seen.insert(bug_identity(*b)).second) r.bugs.push_back(*b);
    }
  }
  r.verdict = !r.error.empty() ? Verdict::error : r.bugs.empty() ? Verdict::pass : Verdict::bug;
  r.coverage = merged_coverage(r, parts);
  return r;
}

std::string check_same_run(const std::vector<ShardReport>& shards) {
  const ShardReport& first = shards.front();
  const auto n = static_cast<std::uint32_t>(shards.size());
  for (const ShardReport& s : shards) {
    if (s.count != n) {
      return fmt::format("{} is shard {} but {} reports were given: merge all {} shards of one run, each once",
                         s.source, shard_name(s.index, s.count), n, s.count);
    }
  }
  for (std::uint32_t k = 0; k < n; ++k) {
    if (shards[k].index == k) continue;
    if (k > 0 && shards[k].index == k - 1) {
      return fmt::format("shard {} is given twice ({} and {})", shard_name(k - 1, n), shards[k - 1].source,
                         shards[k].source);
    }
    return fmt::format("shard {} is missing", shard_name(k, n));
  }
  for (const ShardReport& s : shards) {
    if (s.version != first.version) {
      return fmt::format("{} was made by braid {} and {} by braid {}", first.source, first.version, s.source,
                         s.version);
    }
    if (s.settings != first.settings) {
      return fmt::format("{} and {} were run with different settings ('{}' and '{}')", first.source, s.source,
                         first.settings, s.settings);
    }
    if (s.tests.size() != first.tests.size()) {
      return fmt::format("{} has {} tests and {} has {}", first.source, first.tests.size(), s.source, s.tests.size());
    }
    for (std::size_t t = 0; t < s.tests.size(); ++t) {
      if (s.tests[t].name != first.tests[t].name || s.tests[t].strategy != first.tests[t].strategy) {
        return fmt::format("{} and {} ran different tests ('{}' under {}, '{}' under {})", first.source, s.source,
                           first.tests[t].name, first.tests[t].strategy, s.tests[t].name, s.tests[t].strategy);
      }
    }
  }
  return {};
}

}  // namespace

std::string shard_name(std::uint32_t index, std::uint32_t count) { return fmt::format("{}/{}", index, count); }

std::string parse_shard(std::string_view text, std::uint32_t& index, std::uint32_t& count) {
  const std::string_view::size_type slash = text.find('/');
  auto number = [](std::string_view s, std::uint32_t& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
  };
  std::uint32_t k = 0;
  std::uint32_t n = 0;
  if (slash == std::string_view::npos || !number(text.substr(0, slash), k) || !number(text.substr(slash + 1), n)) {
    return fmt::format("expected K/N (shard K of N, counted from 0), got '{}'", text);
  }
  if (n == 0 || k >= n) return fmt::format("K must be less than N in K/N, got '{}'", text);
  index = k;
  count = n;
  return {};
}

std::string settings_of(const Options& o) {
  return fmt::format(
      "strategy={} bound={} depth={} seed={} max_executions={} time_limit={} keep_going={} max_steps={} "
      "spurious_wakeups={}",
      to_string(o.strategy), o.bound, o.depth, o.seed, o.max_executions, o.time_limit_s, o.keep_going ? 1 : 0,
      o.max_steps, o.spurious_wakeups);
}

ShardReport shard_report_from_json(const nlohmann::json& j, std::string source) {
  if (!j.is_object() || j.value("tool", "") != "braid") throw std::invalid_argument("not a braid JSON report");
  ShardReport s;
  s.source = std::move(source);
  if (!j.contains("shard") || !j["shard"].is_string()) {
    throw std::invalid_argument("not the report of a shard (no \"shard\" field: run with --shard=K/N)");
  }
  if (std::string err = parse_shard(j["shard"].get<std::string>(), s.index, s.count); !err.empty()) {
    throw std::invalid_argument(fmt::format("bad \"shard\" field: {}", err));
  }
  if (!j.contains("version") || !j["version"].is_string()) throw std::invalid_argument("no \"version\" field");
  s.version = j["version"].get<std::string>();
  s.settings = j.value("settings", "");
  if (!j.contains("tests") || !j["tests"].is_array()) throw std::invalid_argument("no \"tests\" array");
  for (const nlohmann::json& t : j["tests"]) s.tests.push_back(result_from_json(t));
  return s;
}

std::variant<std::vector<Result>, std::string> merge_shards(std::vector<ShardReport> shards) {
  if (shards.empty()) return std::string("no reports to merge");
  std::stable_sort(shards.begin(), shards.end(),
                   [](const ShardReport& a, const ShardReport& b) { return a.index < b.index; });
  if (std::string err = check_same_run(shards); !err.empty()) return err;
  std::vector<Result> out;
  for (std::size_t t = 0; t < shards.front().tests.size(); ++t) {
    std::vector<const Result*> parts;
    for (const ShardReport& s : shards) parts.push_back(&s.tests[t]);
    out.push_back(merge_test(parts));
  }
  return out;
}

}  // namespace braid::report
