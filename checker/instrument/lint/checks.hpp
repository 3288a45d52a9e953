// The four checks of `braid lint`, each a pure function from the gathered facts to findings.
#pragma once

#include <vector>

#include "checker/instrument/lint/call_graph.hpp"
#include "checker/instrument/lint/facts.hpp"
#include "checker/instrument/lint/finding.hpp"

namespace braid::lint {

// Non-reentrant functions (hidden static state) reachable from two thread activations or a
// signal handler. check_reentrancy.cpp
std::vector<Finding> check_reentrancy(const Facts& facts, const CallGraph& graph);

// Calls of library functions that are not async-signal-safe, in code a signal handler reaches.
// check_signal_safety.cpp
std::vector<Finding> check_signal_safety(const Facts& facts, const CallGraph& graph);

// Variables written somewhere and accessed both with a lock held and with none.
// check_mixed_locking.cpp
std::vector<Finding> check_mixed_locking(const Facts& facts);

// Cycles in the order locks are taken in. check_lock_order.cpp
std::vector<Finding> check_lock_order(const Facts& facts);

// Every check, sorted by site.
std::vector<Finding> run_checks(const Facts& facts);

}  // namespace braid::lint
