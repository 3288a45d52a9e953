// One finding of `braid lint`: what the text and SARIF renderers print. Plain data, no clang.
#pragma once

#include <string>
#include <vector>

#include "checker/instrument/lint/facts.hpp"

namespace braid::lint {

// The checks, by the id printed in brackets and used as the SARIF rule id.
inline constexpr const char* kCheckReentrancy = "nonreentrant";
inline constexpr const char* kCheckSignalSafety = "signal-unsafe";
inline constexpr const char* kCheckMixedLocking = "mixed-locking";
inline constexpr const char* kCheckLockOrder = "lock-order";

// The checks: id and one-line description, in the order the text summary lists them.
struct CheckInfo {
  const char* id;
  const char* description;
};
const std::vector<CheckInfo>& check_infos();

// A second place a finding is about (the other access, the other lock order), shown as a note.
struct Related {
  Site site;
  std::string message;
};

struct Finding {
  std::string check;
  Site site;
  std::string message;
  std::vector<Related> related;
};

// How a message names `site`: "line 12" when it is in the file of `home` (the finding's own
// site), else "file.c:12".
std::string site_ref(const Site& site, const Site& home);

// Sorts by file, line, column, check and message, and drops exact duplicates, so that output
// does not depend on the order the files were given in.
void sort_findings(std::vector<Finding>& findings);

}  // namespace braid::lint
