// braid::explore and the BRAID_TEST registry: the public entry points of the checker.
#include "braid/explore.hpp"

#include "checker/runtime/checkpoint.hpp"
#include "checker/runtime/isolation.hpp"
#include "checker/runtime/jobs.hpp"
#include "checker/runtime/runner.hpp"

namespace braid {
namespace {

std::vector<TestCase>& registry() {
  // why: BRAID_TEST registers from static initialisers, in any translation-unit order.
  static std::vector<TestCase> tests;
  return tests;
}

}  // namespace

const std::vector<TestCase>& registered_tests() { return registry(); }

detail::Registrar::Registrar(const char* name, void (*body)(), std::source_location at) {
  registry().push_back(TestCase{name, body, at});
}

Result explore(const std::function<void()>& body, const Options& options, const std::string& name) {
  Result r;
  if (options.jobs > 1 && options.replay.empty()) {
    r = rt::run_jobs(body, options, name);
  } else if (options.isolate) {
    r = rt::run_isolated(body, options, name, {});
  } else {
    rt::RunHooks hooks;
    r = rt::run_in_process(body, options, name, hooks);
  }
  if (std::string error; !options.checkpoint.empty() && !rt::finish_checkpoint(options.checkpoint, error)) {
    r.verdict = Verdict::error;
    r.error = error;
  }
  return r;
}

}  // namespace braid
