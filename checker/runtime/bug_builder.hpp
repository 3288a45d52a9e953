// Turns what an execution saw (a BugDraft, its sites, its recorded steps) into a reported Bug:
// sites become file:line locations (return addresses are resolved through the debug info, in one
// batch), and messages lose their placeholders.
#pragma once

#include <string>
#include <vector>

#include "braid/result.hpp"
#include "checker/detect/detector.hpp"
#include "checker/detect/trace_recorder.hpp"

namespace braid::rt {

Bug build_bug(const detect::BugDraft& draft, const std::vector<detect::RecordedStep>& steps);

// The same test as detect::bug_key, on a reported bug: its kind and the set of its source lines.
// why: a draft's key may hold return addresses, which differ from one process to the next; this
// one holds file:line only, so it can be compared across workers and across checkpointed runs.
std::string reported_key(const Bug& b);

}  // namespace braid::rt
