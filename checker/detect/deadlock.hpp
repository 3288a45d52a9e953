// Deadlock analysis, run when no thread can make progress: follows the wait-for graph (a thread
// waits for a waitable, a waitable is held by a thread) to name the cycle, or lists what every
// blocked thread waits for when there is no cycle (e.g. a wait no notify can end).
#pragma once

#include "checker/detect/detector.hpp"

namespace braid::rt {
class Execution;
}

namespace braid::detect {

BugDraft analyse_deadlock(const rt::Execution& ex);

}  // namespace braid::detect
