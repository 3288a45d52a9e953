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

// The whole report: {"tool":"braid","version":…,"tests":[…]}, keys in schema order, indented
// by 2, ending in a newline.
std::string render_json(const std::vector<Result>& tests, std::string_view version);

}  // namespace braid::report
