// Turns what an execution saw (a BugDraft, its sites, its recorded steps) into a reported Bug:
// sites become file:line locations (return addresses are resolved through the debug info, in one
// batch), and messages lose their placeholders.
#pragma once

#include <vector>

#include "braid/result.hpp"
#include "checker/detect/detector.hpp"
#include "checker/detect/trace_recorder.hpp"

namespace braid::rt {

Bug build_bug(const detect::BugDraft& draft, const std::vector<detect::RecordedStep>& steps);

}  // namespace braid::rt
