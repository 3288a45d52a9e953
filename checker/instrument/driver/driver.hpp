// `braid cc`, `braid c++` and `braid check`: the driver side of unmodified programs.
#pragma once

namespace braid::instrument {

// `braid cc|c++ ARGS`: runs clang-19 / clang++-19 with ARGS and Braid's instrumentation flags,
// and, when it links, Braid's runtime in place of ThreadSanitizer's. argv[0] is "cc" or "c++".
// Returns only on failure (exit code 2 or 3); otherwise the process becomes the compiler.
int compile(int argc, char** argv);

// `braid check PROG [options] [-- args]`: runs PROG (built with braid cc) under exploration with
// the test binaries' options. argv[0] is "check". Returns only on failure (exit code 2).
int check(int argc, char** argv);

}  // namespace braid::instrument
