// How a program under `braid check` fails or ends inside an execution: assert() is an
// assertion_failure of the thread that asserted; exit() from main ends the execution as it ends a
// C program (the other threads stop where they are), and exit(non-zero) is a crash with its
// status. Crashes by signal are caught by the forked host (forked_host.cpp).
#include <fmt/format.h>

#include <csetjmp>
#include <cstdlib>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/state.hpp"

using namespace braid::instrument;  // NOLINT: a .cpp of extern "C" definitions
namespace rt = braid::rt;
namespace detail = braid::detail;

extern "C" {

[[noreturn]] void __assert_fail(const char* expr, const char* file, unsigned line, const char* function) {
  if (rt::Execution* ex = active()) ex->assertion_failed(expr, site_at(__builtin_return_address(0)));
  BRAID_REAL(__assert_fail)(expr, file, line, function);
  __builtin_unreachable();
}

[[noreturn]] void exit(int status) {
  rt::Execution* ex = active();
  if (ex != nullptr) {
    InstrumentState& st = *current_state();
    if (status != 0 && st.exit_is_bug) {
      ex->report(braid::detect::BugDraft{braid::BugKind::crash,
                                         fmt::format("thread {} called exit({})", ex->current_thread(), status),
                                         {site_at(__builtin_return_address(0))}});
    }
    if (ex->current_thread() == 0 && st.main_exit != nullptr) {
      st.exit_status = status;
      std::longjmp(*st.main_exit, 1);
    }
  }
  BRAID_REAL(exit)(status);
  __builtin_unreachable();
}

}  // extern "C"
