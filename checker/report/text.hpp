// The human-readable report: one header line per test, each bug with its locations and replay
// flag, optionally the trace as an aligned table, and a summary line. Deterministic: the same
// results give the same text (the only clock figure is each test's elapsed time).
#pragma once

#include <string>
#include <vector>

#include "braid/result.hpp"

namespace braid::report {

std::string render_text(const std::vector<Result>& tests, bool with_trace);

}  // namespace braid::report
