// `braid lint FILES [-p BUILD_DIR | -- COMPILER_ARGS]`: static concurrency checks of C/C++ sources
// on clang libTooling (docs/how-to/lint.md). The driver's only entry into the lint.
#pragma once

namespace braid::lint {

// Runs `braid lint`; argv[0] is "lint", the rest its arguments. Returns the exit code: 0 no
// finding, 1 findings, 2 usage or input error (with a message on standard error), 3 internal error.
int run_lint(int argc, char** argv);

}  // namespace braid::lint
