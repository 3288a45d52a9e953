#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "checker/instrument/driver/driver.hpp"

namespace braid::instrument {
namespace {

// why: without -tsan-instrument-read-before-write clang drops the read of `x++` (DESIGN.md,
// "Toolchain facts") and a lost update would be invisible; -fno-sanitize-link-runtime keeps the
// callbacks but links no ThreadSanitizer runtime (Braid's implements them).
constexpr const char* kSanitizeFlags[] = {"-g", "-fsanitize=thread", "-fno-sanitize-link-runtime"};
constexpr const char* kPassFlags[] = {"-mllvm", "-tsan-instrument-read-before-write"};

// Whether the command compiles a source (a link of objects alone would warn that the pass
// option is unused).
bool compiles(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "-x") return true;
    for (std::string_view ext : {".c", ".cc", ".cpp", ".cxx", ".c++", ".C", ".i", ".ii"}) {
      if (a.size() > ext.size() && a[0] != '-' && a.substr(a.size() - ext.size()) == ext) return true;
    }
  }
  return false;
}

// A command that stops before linking: it compiles (-c), emits assembly (-S) or preprocesses.
bool links(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "-c" || a == "-S" || a == "-E" || a == "-M" || a == "-MM" || a == "-fsyntax-only") return false;
  }
  return true;
}

// build/bin/../lib, where libbraid_rt.so is built next to this driver.
std::string runtime_dir() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return (self.parent_path().parent_path() / "lib").lexically_normal().string();
}

}  // namespace

int compile(int argc, char** argv) {
  const bool cxx = std::string_view(argv[0]) == "c++";
  std::vector<std::string> args{cxx ? "clang++-19" : "clang-19"};
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  for (const char* f : kSanitizeFlags) args.emplace_back(f);
  if (compiles(argc, argv)) {
    for (const char* f : kPassFlags) args.emplace_back(f);
  }
  if (links(argc, argv)) {
    std::string lib = runtime_dir();
    if (lib.empty() || access((lib + "/libbraid_rt.so").c_str(), R_OK) != 0) {
      std::fprintf(stderr, "braid %s: cannot find Braid's runtime libbraid_rt.so in %s\n", argv[0], lib.c_str());
      return 2;
    }
    // -rdynamic: the runtime finds main (and names globals) through the dynamic symbols.
    // -z now: every symbol is bound at start-up, in the parent, not again in each execution's
    // forked child (lazy binding there costs a copy-on-write fault per function first called).
    for (std::string f : {"-L" + lib, "-Wl,-rpath," + lib, std::string("-rdynamic"), std::string("-Wl,-z,now"),
                          std::string("-lbraid_rt"), std::string("-Wl,--wrap=main")}) {
      args.push_back(std::move(f));
    }
  }
  std::vector<char*> cargs;
  for (std::string& a : args) cargs.push_back(a.data());
  cargs.push_back(nullptr);
  execvp(cargs[0], cargs.data());
  std::fprintf(stderr, "braid %s: cannot run %s: %s\n", argv[0], cargs[0], std::strerror(errno));
  return 2;
}

}  // namespace braid::instrument
