// What the clang passes of `braid lint` learn from the sources: plain records, free of clang types,
// so that the checks (and their tests) never include a clang header. Every record is keyed by a
// function key (function_key in passes.hpp): a function's qualified name, or "lambda at FILE:LINE".
#pragma once

#include <string>
#include <vector>

namespace braid::lint {

struct Site {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;

  friend bool operator==(const Site&, const Site&) = default;
  friend auto operator<=>(const Site&, const Site&) = default;
};

// A call from a function of the analysed sources. `library` calls go to a function declared in a
// system header (the C or C++ library, POSIX); the others may be edges of the call graph.
struct Call {
  std::string caller;
  std::string callee;
  Site site;
  bool library = false;
};

// A thread started on `entry` (pthread_create, thrd_create, std::thread, std::jthread,
// braid::thread). `in_loop`: the start is inside a loop, so it may start several threads.
// `entry` is empty when the passes could not tell which function runs (a function pointer).
struct ThreadStart {
  std::string entry;
  Site site;
  bool in_loop = false;
};

// `handler` installed by signal() or sigaction().
struct HandlerInstall {
  std::string handler;
  Site site;
};

// A read or write of a variable of static storage duration (a global, a static member, a static
// local) by `function`. `locks` are the locks held there (the intraprocedural lockset);
// `concurrent` is false where no other thread can be running (in main before its first thread
// start, or after a join).
struct Access {
  std::string function;
  std::string variable;
  Site site;
  bool write = false;
  bool concurrent = true;
  std::vector<std::string> locks;
};

// `function` returns the address of static storage `variable` (a static buffer).
struct StaticReturn {
  std::string function;
  std::string variable;
  Site site;
};

// A lock taken while others are held. `held[i]` was taken at `held_sites[i]`.
struct Acquire {
  std::string function;
  std::string lock;
  Site site;
  std::vector<std::string> held;
  std::vector<Site> held_sites;
};

struct Facts {
  std::vector<std::string> functions;  // keys of the functions defined in the analysed sources
  std::vector<Call> calls;
  std::vector<ThreadStart> starts;
  std::vector<HandlerInstall> handlers;
  std::vector<Access> accesses;
  std::vector<StaticReturn> static_returns;
  std::vector<Acquire> acquires;
};

// `path` relative to the working directory when it lies below it, else as it is (normalised).
std::string display_path(const std::string& path);

// Sorts every list and drops duplicates: a function defined in a header that several files
// include is seen once per file, and must count once.
void normalize(Facts& facts);

}  // namespace braid::lint
