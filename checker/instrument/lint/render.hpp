// The two outputs of `braid lint`: compiler-style text and SARIF 2.1.0. Both carry the tool
// version (checker/cli/version.hpp), so that a stored report says what made it.
#pragma once

#include <string>
#include <vector>

#include "checker/instrument/lint/finding.hpp"

namespace braid::lint {

// "FILE:LINE:COL: warning: [check] message" per finding, a "note:" line per related site, then a
// summary line with the version, the number of findings per check and of files analysed.
std::string render_text(const std::vector<Finding>& findings, std::size_t files);

// One SARIF run: the tool (name, version, the rules) and one result per finding, its related
// sites as relatedLocations. Paths relative to the working directory are relative URIs against
// the %SRCROOT% base, which originalUriBaseIds sets to the working directory.
std::string render_sarif(const std::vector<Finding>& findings);

}  // namespace braid::lint
