#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "checker/cli/options.hpp"
#include "checker/instrument/driver/driver.hpp"

namespace braid::instrument {
namespace {

constexpr std::string_view kCheckUsage =
    "Usage: braid check PROG [options] [-- ARGS]\n"
    "Explores the interleavings of PROG, built with `braid cc` or `braid c++`: its main, run with\n"
    "ARGS, is the test body. The options and report are those of Braid's test binaries (--filter\n"
    "selects nothing; --jobs and --shard are not supported yet):\n\n";

// Whether `path` was linked with Braid's runtime (braid cc names libbraid_rt.so in it).
bool instrumented(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return bytes.find("libbraid_rt.so") != std::string::npos && bytes.find("__wrap_main") != std::string::npos;
}

}  // namespace

int check(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) == "-h" || std::string_view(argv[1]) == "--help") {
    // The test binaries' option table, without their own heading.
    std::string table = cli::usage("braid check PROG");
    if (std::size_t at = table.find("  Option"); at != std::string::npos) table.erase(0, at);
    std::string text = std::string(kCheckUsage) + table;
    std::fputs(text.c_str(), argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const char* prog = argv[1];
  if (access(prog, X_OK) != 0) {
    std::fprintf(stderr, "braid check: cannot run %s: %s\n", prog, std::strerror(errno));
    return 2;
  }
  if (!instrumented(prog)) {
    std::fprintf(stderr, "braid check: %s was not built with `braid cc` or `braid c++` (no Braid runtime in it)\n",
                 prog);
    return 2;
  }
  // Options up to "--"; the program's arguments after it.
  std::string packed;
  int i = 2;
  for (; i < argc && std::string_view(argv[i]) != "--"; ++i) {
    if (!packed.empty() || i > 2) packed += '\x1f';
    packed += argv[i];
  }
  std::vector<char*> args{argv[1]};
  for (int j = i + 1; j < argc; ++j) args.push_back(argv[j]);
  args.push_back(nullptr);
  setenv("BRAID_CHECK", "1", 1);
  // why: each execution runs in a child forked at main; symbols bound lazily would be bound again
  // in every child (a symbol lookup and a copy-on-write fault each), so bind them all at start-up.
  setenv("LD_BIND_NOW", "1", 1);
  setenv("BRAID_CHECK_ARGS", packed.c_str(), 1);
  execv(prog, args.data());
  std::fprintf(stderr, "braid check: cannot run %s: %s\n", prog, std::strerror(errno));
  return 2;
}

}  // namespace braid::instrument
