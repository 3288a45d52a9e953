// The JSON form of results: the report schema of DESIGN.md ("JSON report", documented field by
// field in docs/reference.md), and the record a forked worker streams to its parent.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "braid/result.hpp"

namespace braid::report {

// One bug. bug_from_json(to_json(b)) == b, field for field.
nlohmann::json to_json(const Bug& bug);
// Throws std::invalid_argument naming the bad field when `j` is not a bug record.
Bug bug_from_json(const nlohmann::json& j);

// One test object of the report's "tests" array. result_from_json(to_json(r)) == r.
nlohmann::json to_json(const Result& result);
// Throws std::invalid_argument naming the bad field when `j` is not a test object.
Result result_from_json(const nlohmann::json& j);

// `j` on one line. why: messages may carry bytes that are not UTF-8 (object names, paths);
// they become U+FFFD instead of making nlohmann::json throw.
std::string dump_line(const nlohmann::json& j);

// What a report says about the run as a whole, beside its tests.
struct RunInfo {
  std::string shard;     // "K/N" for the report of one shard (--shard, merge.hpp), else ""
  std::string settings;  // the options that decide what was explored (settings_of in merge.hpp)
};

// The whole report: {"tool":"braid","version":…,["shard":"K/N",]["settings":…,]"tests":[…]},
// keys in schema order, indented by 2, ending in a newline.
std::string render_json(const std::vector<Result>& tests, std::string_view version, const RunInfo& run = {});

}  // namespace braid::report
