// Checkpoint files (--checkpoint=FILE): one JSON file holding, per test, either the frontier of
// an exploration that stopped early (so that a later run resumes it) or the final result of one
// that ended (so that a resumed run of several tests does not explore it again). The file goes
// when every test in it has ended (finish_checkpoint). Format: docs/reference.md.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "braid/config.hpp"
#include "braid/result.hpp"

namespace braid::rt {

inline constexpr int kCheckpointFormat = 1;

// One test's entry.
struct Checkpoint {
  bool done = false;  // the exploration ended: `result` is final
  Result result;      // the counts and bugs so far (executions, steps, elapsed_s, bugs)
  std::uint64_t pruned = 0;
  nlohmann::json strategy;        // Strategy::save(), when !done
  std::vector<std::string> seen;  // keys of the bugs already reported (rt::reported_key)
};

// The entry of test `name` in `path`: nullopt when there is no file or no entry for the test;
// a one-line error when the file cannot be read, is damaged, or was written by another version
// of braid or with other options.
std::variant<std::optional<Checkpoint>, std::string> load_checkpoint(const std::string& path, const std::string& name,
                                                                     const Options& options);

// Replaces the entry of test `name` (other tests' entries stay), atomically.
bool save_checkpoint(const std::string& path, const std::string& name, const Options& options, const Checkpoint& c,
                     std::string& error);

// Before a run: a one-line error when `path` exists but cannot be used for these tests (damaged,
// another version, other options, or entries for none of them); "" when it can.
std::string check_checkpoint(const std::string& path, const std::vector<std::string>& names, const Options& options);

// After a run: removes the file when every entry in it is done. False (with `error`) when it
// cannot.
bool finish_checkpoint(const std::string& path, std::string& error);

}  // namespace braid::rt
