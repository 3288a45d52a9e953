// Crash isolation: the executions of a test run in a forked worker process, which writes the
// trail of its current execution into shared memory and sends each bug to the parent as it is
// found. When the code under test crashes the worker (or hangs it without reaching a scheduling
// point), the parent still has the schedule: it reports the crash with its token and trace, and
// with --keep-going starts a new worker that resumes after the crashed execution. One fork per
// worker, not per execution.
#pragma once

#include <functional>
#include <string>

#include "braid/config.hpp"
#include "braid/result.hpp"
#include "checker/runtime/runner.hpp"

namespace braid::rt {

Result run_isolated(const std::function<void()>& body, const Options& options, const std::string& name,
                    const std::function<void(const Progress&)>& on_progress);

}  // namespace braid::rt
