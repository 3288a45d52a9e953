// --jobs=N: one test explored by N forked worker processes, worker j exploring shard j/N
// (checker/strategy/shard.hpp); the parent merges their results as `braid merge` does.
#pragma once

#include <functional>
#include <string>

#include "braid/config.hpp"
#include "braid/result.hpp"

namespace braid::rt {

// The merged result of options.jobs workers (>= 2). Each worker keeps crash isolation when
// options.isolate is set. Shows no progress line: the workers run silently and the caller
// prints the merged report.
Result run_jobs(const std::function<void()>& body, const Options& options, const std::string& name);

}  // namespace braid::rt
