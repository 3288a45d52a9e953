#include "checker/report/json.hpp"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

namespace braid::report {
namespace {

// The builders are templates over the JSON type: nlohmann::json (keys sorted) for records that
// are only read back by code, nlohmann::ordered_json (keys in schema order) for the report that
// people read.

template <class Json>
Json location_object(const Location& l) {
  Json j;
  j["file"] = l.file;
  j["line"] = l.line;
  j["function"] = l.function;
  return j;
}

template <class Json>
Json step_object(const TraceStep& s) {
  Json j;
  j["thread"] = s.thread;
  j["op"] = s.op;
  j["object"] = s.object;
  j["file"] = s.file;
  j["line"] = s.line;
  if (!s.detail.empty()) j["detail"] = s.detail;
  return j;
}

template <class Json>
Json bug_object(const Bug& b) {
  Json j;
  j["kind"] = to_string(b.kind);
  j["message"] = b.message;
  j["schedule"] = b.schedule;
  j["execution"] = b.execution;
  j["locations"] = Json::array();
  for (const Location& l : b.locations) j["locations"].push_back(location_object<Json>(l));
  j["trace"] = Json::array();
  for (const TraceStep& s : b.trace) j["trace"].push_back(step_object<Json>(s));
  return j;
}

template <class Json>
Json result_object(const Result& r) {
  Json j;
  j["name"] = r.name;
  j["verdict"] = to_string(r.verdict);
  j["complete"] = r.complete;
  j["coverage"] = r.coverage;
  j["executions"] = r.executions;
  j["steps"] = r.steps;
  j["pruned"] = r.pruned;
  j["preemptions"] = r.preemptions;
  j["most_preemptions"] = r.most_preemptions;
  j["elapsed_s"] = r.elapsed_s;
  j["strategy"] = r.strategy;
  if (!r.error.empty()) j["error"] = r.error;
  j["bugs"] = Json::array();
  for (const Bug& b : r.bugs) j["bugs"].push_back(bug_object<Json>(b));
  return j;
}

[[noreturn]] void malformed(std::string_view what, std::string_view key, std::string_view expected) {
  throw std::invalid_argument(fmt::format("malformed {}: field '{}' must be {}", what, key, expected));
}

const nlohmann::json& field(const nlohmann::json& j, std::string_view what, const char* key) {
  if (!j.is_object()) throw std::invalid_argument(fmt::format("malformed {}: not a JSON object", what));
  auto it = j.find(key);
  if (it == j.end()) throw std::invalid_argument(fmt::format("malformed {}: field '{}' is missing", what, key));
  return *it;
}

std::string text(const nlohmann::json& j, std::string_view what, const char* key) {
  const nlohmann::json& v = field(j, what, key);
  if (!v.is_string()) malformed(what, key, "a string");
  return v.get<std::string>();
}

std::string optional_text(const nlohmann::json& j, std::string_view what, const char* key) {
  return j.contains(key) ? text(j, what, key) : std::string();
}

std::uint64_t count(const nlohmann::json& j, std::string_view what, const char* key, std::uint64_t max) {
  const nlohmann::json& v = field(j, what, key);
  bool ok = v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
  if (!ok || v.get<std::uint64_t>() > max) malformed(what, key, "a non-negative integer in range");
  return v.get<std::uint64_t>();
}

unsigned small_count(const nlohmann::json& j, std::string_view what, const char* key) {
  return static_cast<unsigned>(count(j, what, key, std::numeric_limits<unsigned>::max()));
}

const nlohmann::json& array(const nlohmann::json& j, std::string_view what, const char* key) {
  const nlohmann::json& v = field(j, what, key);
  if (!v.is_array()) malformed(what, key, "an array");
  return v;
}

Location location_from_json(const nlohmann::json& j) {
  return Location{text(j, "location", "file"), small_count(j, "location", "line"), text(j, "location", "function")};
}

TraceStep step_from_json(const nlohmann::json& j) {
  constexpr std::string_view what = "trace step";
  return TraceStep{small_count(j, what, "thread"), text(j, what, "op"),          text(j, what, "object"),
                   text(j, what, "file"),          small_count(j, what, "line"), optional_text(j, what, "detail")};
}

Verdict verdict_from_string(const std::string& name) {
  for (Verdict v : {Verdict::pass, Verdict::bug, Verdict::error}) {
    if (name == to_string(v)) return v;
  }
  throw std::invalid_argument(fmt::format("malformed test: unknown verdict '{}'", name));
}

}  // namespace

nlohmann::json to_json(const Bug& bug) { return bug_object<nlohmann::json>(bug); }

Bug bug_from_json(const nlohmann::json& j) {
  constexpr std::string_view what = "bug";
  Bug b;
  std::string kind = text(j, what, "kind");
  auto k = bug_kind_from_string(kind);
  if (!k) throw std::invalid_argument(fmt::format("malformed bug: unknown kind '{}'", kind));
  b.kind = *k;
  b.message = text(j, what, "message");
  b.schedule = text(j, what, "schedule");
  b.execution = j.contains("execution") ? count(j, what, "execution", std::numeric_limits<std::uint64_t>::max()) : 0;
  for (const nlohmann::json& l : array(j, what, "locations")) b.locations.push_back(location_from_json(l));
  for (const nlohmann::json& s : array(j, what, "trace")) b.trace.push_back(step_from_json(s));
  return b;
}

nlohmann::json to_json(const Result& result) { return result_object<nlohmann::json>(result); }

Result result_from_json(const nlohmann::json& j) {
  constexpr std::string_view what = "test";
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  Result r;
  r.name = text(j, what, "name");
  r.verdict = verdict_from_string(text(j, what, "verdict"));
  const nlohmann::json& complete = field(j, what, "complete");
  if (!complete.is_boolean()) malformed(what, "complete", "true or false");
  r.complete = complete.get<bool>();
  r.coverage = optional_text(j, what, "coverage");  // absent from older reports
  r.executions = count(j, what, "executions", kMax);
  r.steps = j.contains("steps") ? count(j, what, "steps", kMax) : 0;
  r.pruned = j.contains("pruned") ? count(j, what, "pruned", kMax) : 0;
  r.preemptions = j.contains("preemptions") ? count(j, what, "preemptions", kMax) : 0;
  r.most_preemptions = j.contains("most_preemptions") ? count(j, what, "most_preemptions", kMax) : 0;
  const nlohmann::json& elapsed = field(j, what, "elapsed_s");
  if (!elapsed.is_number()) malformed(what, "elapsed_s", "a number");
  r.elapsed_s = elapsed.get<double>();
  r.strategy = text(j, what, "strategy");
  r.error = optional_text(j, what, "error");
  for (const nlohmann::json& b : array(j, what, "bugs")) r.bugs.push_back(bug_from_json(b));
  return r;
}

std::string dump_line(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string render_json(const std::vector<Result>& tests, std::string_view version, const RunInfo& run) {
  nlohmann::ordered_json report;
  report["tool"] = "braid";
  report["version"] = version;
  if (!run.shard.empty()) report["shard"] = run.shard;
  if (!run.settings.empty()) report["settings"] = run.settings;
  report["tests"] = nlohmann::ordered_json::array();
  for (const Result& r : tests) report["tests"].push_back(result_object<nlohmann::ordered_json>(r));
  return report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace braid::report
