// --jobs=N: one test explored by N forked worker processes, worker j exploring shard j/N
// (checker/strategy/shard.hpp); the parent merges their results as `braid merge` does.
#pragma once

#include <functional>
#include <string>

#include "braid/config.hpp"
#include "braid/result.hpp"

namespace braid::cli {

// The merged result of `jobs` workers (jobs >= 2). Each worker keeps crash isolation when
// options.isolate is set. Shows no progress line: the workers run silently and the parent
// prints the merged report.
Result run_jobs(const std::function<void()>& body, const Options& options, const std::string& name, unsigned jobs);

}  // namespace braid::cli
