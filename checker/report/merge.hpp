// Merging the reports of the shards of one run (--shard=K/N, --jobs=N) into the report of that
// run: one code path for `braid merge` and for the parent of --jobs workers.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "braid/config.hpp"
#include "braid/result.hpp"

namespace braid::report {

// The report of one shard, as read back.
struct ShardReport {
  std::string source;  // where it came from, for messages: a file name, "worker 2"
  std::string version;
  std::uint32_t index = 0;
  std::uint32_t count = 0;
  std::string settings;
  std::vector<Result> tests;
};

// "K/N".
std::string shard_name(std::uint32_t index, std::uint32_t count);
// Parses "K/N" (0 <= K < N, N >= 1); "" or why not.
std::string parse_shard(std::string_view text, std::uint32_t& index, std::uint32_t& count);

// The options that decide what a run explores, in words ("strategy=dfs bound=2 ..."): shards
// merge only when theirs are the same.
std::string settings_of(const Options& options);

// A JSON report of one shard; throws std::invalid_argument (naming the field) when `j` is not one.
ShardReport shard_report_from_json(const nlohmann::json& j, std::string source);

// The tests of one run from the reports of its shards 0 .. N-1 (each present once, same version,
// settings and tests): counts summed, complete only when every shard is, bugs deduplicated by
// kind and locations (the lowest shard's kept), verdict recomputed, elapsed the longest shard's.
// A one-line error when the reports are not the shards of one run.
std::variant<std::vector<Result>, std::string> merge_shards(std::vector<ShardReport> shards);

}  // namespace braid::report
