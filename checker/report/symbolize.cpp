// Symbolization with addr2line, one process per module.
//
// Finding the module: dl_iterate_phdr, not dladdr. why: it gives each object's load bias
// (dlpi_addr), and pc - bias is the link-time address addr2line expects for every kind of
// object: 0 for a non-PIE executable (absolute addresses), the load base for PIE executables
// and ordinary shared objects, and still right for an object linked at a non-zero base, where
// pc - dli_fbase would be wrong. It also names the main program as such (the first object, with
// an empty name), where dladdr gives argv[0], which may be relative or a bare name found on
// PATH; we hand addr2line /proc/<pid>/exe instead, which is right even if the file was replaced.
#include "checker/report/symbolize.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <link.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <map>

#include "checker/runtime/site_format.hpp"

extern char** environ;

namespace braid::report {
namespace {

// why: keeps one addr2line command line far below ARG_MAX (about 19 bytes an address).
constexpr std::size_t kMaxAddressesPerRun = 4096;

struct Module {
  std::string path;  // what addr2line opens; "" when the address is in no known object
  std::uintptr_t bias = 0;
};

struct FindModule {
  std::uintptr_t addr;
  Module found;
  bool hit = false;
  std::size_t index = 0;  // of the object being visited
};

int find_module_cb(dl_phdr_info* info, std::size_t, void* data) {
  auto* q = static_cast<FindModule*>(data);
  const bool first = q->index++ == 0;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    std::uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type != PT_LOAD || q->addr < start || q->addr >= start + ph.p_memsz) continue;
    // invariant: glibc lists the main program first, with an empty name; another object
    // without a name has no file addr2line could open.
    const bool unnamed = info->dlpi_name == nullptr || info->dlpi_name[0] == '\0';
    if (unnamed && !first) return 1;
    q->hit = true;
    q->found.bias = info->dlpi_addr;
    q->found.path = unnamed ? fmt::format("/proc/{}/exe", ::getpid()) : std::string(info->dlpi_name);
    return 1;
  }
  return 0;
}

Module module_of(std::uintptr_t addr) {
  FindModule q{addr, {}, false};
  dl_iterate_phdr(find_module_cb, &q);
  return q.hit ? q.found : Module{};
}

// Runs argv (argv[0] looked up on PATH) with stdin and stderr on /dev/null; returns its stdout,
// or "" when it cannot be started.
std::string run_capture(const std::vector<std::string>& args) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);  // dup2 clears O_CLOEXEC on fd 1
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  while (rc == 0) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  // why: ECHILD (a SIGCHLD handler reaped it) is harmless: the output is complete at EOF.
  while (rc == 0 && ::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  return out;
}

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return out;
}

// "FILE:LINE", "FILE:LINE (discriminator N)", "??:0" or "??:?" -> Location (no function).
Location parse_file_line(std::string_view s) {
  if (std::size_t d = s.find(" (discriminator "); d != std::string_view::npos) s = s.substr(0, d);
  std::size_t colon = s.rfind(':');
  Location l;
  l.file = std::string(s.substr(0, colon));
  if (colon != std::string_view::npos) {
    std::string_view digits = s.substr(colon + 1);
    std::from_chars(digits.data(), digits.data() + digits.size(), l.line);
  }
  if (l.file.empty() || l.file == "??") l = Location{"??", 0, ""};
  return l;
}

// why: at the first instruction of an inlined call, the debug info can give the line of the
// inlined (user) function but the name of the function it was inlined into, which for a thread
// body is Braid's own wrapper (braid::thread::body::...::Impl::run). Such a wrapper is never the
// user's function: leave the name out rather than show a wrong one.
Location without_braid_function(Location l) {
  if (l.function.rfind("braid::thread::", 0) == 0 || l.function.rfind("braid::detail::", 0) == 0) {
    l.function.clear();
  }
  return l;
}

// A coroutine's body is compiled into a function named after its frame, e.g. g++'s
// "(anonymous namespace)::f((anonymous namespace)::f(Cache&)::_Z...Frame*) [clone .actor]":
// show "(anonymous namespace)::f (coroutine)" instead.
Location tidy_coroutine(Location l) {
  const std::string& f = l.function;
  bool body = f.find("[clone .actor]") != std::string::npos || f.find("[clone .resume]") != std::string::npos ||
              f.find(".Frame*)") != std::string::npos;
  if (!body) return l;
  constexpr std::string_view kAnon = "(anonymous namespace)::";
  std::size_t from = 0;
  while (f.compare(from, kAnon.size(), kAnon) == 0) from += kAnon.size();
  l.function = f.substr(0, f.find('(', from)) + " (coroutine)";
  return l;
}

// One address's frames, innermost first -> the frame to report (see symbolize's contract).
Location choose_frame(const std::vector<Location>& frames) {
  if (frames.empty()) return Location{"??", 0, ""};
  for (const Location& f : frames) {
    if (!rt::in_system_header(f.file.c_str())) return tidy_coroutine(without_braid_function(f));
  }
  return tidy_coroutine(without_braid_function(frames.front()));
}

// addr2line -a output: per address an "0x…" line, then (function, file:line) pairs, innermost
// inline frame first. Returns one Location per address, in order.
std::vector<Location> parse_addr2line(std::string_view output) {
  std::vector<std::vector<Location>> groups;
  std::vector<std::string_view> ls = lines(output);
  for (std::size_t i = 0; i < ls.size(); ++i) {
    // invariant: a function name never starts with "0x" (identifiers cannot start with a digit).
    if (ls[i].substr(0, 2) == "0x") {
      groups.emplace_back();
    } else if (!groups.empty() && i + 1 < ls.size()) {
      Location l = parse_file_line(ls[i + 1]);
      l.function = ls[i] == "??" ? "" : std::string(ls[i]);
      groups.back().push_back(std::move(l));
      ++i;
    }
  }
  std::vector<Location> out;
  for (const auto& g : groups) out.push_back(choose_frame(g));
  return out;
}

// Resolves link-time addresses of one module; a result per address (missing ones are "??").
std::vector<Location> run_addr2line(const std::string& module, const std::vector<std::uintptr_t>& addrs) {
  std::vector<Location> out;
  for (std::size_t at = 0; at < addrs.size(); at += kMaxAddressesPerRun) {
    std::vector<std::string> args{"addr2line", "-a", "-f", "-C", "-i", "-e", module};
    std::size_t end = std::min(addrs.size(), at + kMaxAddressesPerRun);
    for (std::size_t i = at; i < end; ++i) args.push_back(fmt::format("{:#x}", addrs[i]));
    std::vector<Location> got = parse_addr2line(run_capture(args));
    got.resize(end - at, Location{"??", 0, ""});
    out.insert(out.end(), got.begin(), got.end());
  }
  return out;
}

std::vector<Location> symbolize_all(const std::vector<const void*>& pcs) {
  std::vector<Location> out(pcs.size(), Location{"??", 0, ""});
  // module path -> its distinct link-time addresses -> the indices of pcs that map there.
  std::map<std::string, std::map<std::uintptr_t, std::vector<std::size_t>>> batches;
  for (std::size_t i = 0; i < pcs.size(); ++i) {
    auto pc = reinterpret_cast<std::uintptr_t>(pcs[i]);
    if (pc == 0) continue;
    // why: a return address points after the call; pc - 1 is inside the call instruction.
    Module m = module_of(pc - 1);
    if (!m.path.empty()) batches[m.path][pc - 1 - m.bias].push_back(i);
  }
  for (const auto& [module, by_addr] : batches) {
    std::vector<std::uintptr_t> addrs;
    for (const auto& entry : by_addr) addrs.push_back(entry.first);
    std::vector<Location> found = run_addr2line(module, addrs);
    std::size_t k = 0;
    for (const auto& entry : by_addr) {
      for (std::size_t i : entry.second) out[i] = found[k];
      ++k;
    }
  }
  return out;
}

// A placeholder at text[at] ("\x01" hex "\x02"): its pc and its length, or length 0.
std::pair<const void*, std::size_t> placeholder_at(std::string_view text, std::size_t at) {
  std::size_t close = text.find('\x02', at + 1);
  if (close == std::string_view::npos || close == at + 1) return {nullptr, 0};
  std::uintptr_t pc = 0;
  const char* first = text.data() + at + 1;
  const char* last = text.data() + close;
  auto [end, ec] = std::from_chars(first, last, pc, 16);
  if (ec != std::errc() || end != last) return {nullptr, 0};
  return {reinterpret_cast<const void*>(pc), close - at + 1};
}

}  // namespace

std::vector<Location> symbolize(const std::vector<const void*>& pcs) {
  try {
    return symbolize_all(pcs);
  } catch (...) {
    // why: a report without line numbers beats no report (bad_alloc is the only thrower).
    try {
      return std::vector<Location>(pcs.size(), Location{"??", 0, ""});
    } catch (...) {
      return {};
    }
  }
}

void collect_placeholders(std::string_view text, std::vector<const void*>& out) {
  for (std::size_t at = text.find('\x01'); at != std::string_view::npos; at = text.find('\x01', at + 1)) {
    auto [pc, length] = placeholder_at(text, at);
    if (length != 0) out.push_back(pc);
  }
}

std::string resolve_placeholders(std::string text, const std::function<std::string(const void*)>& name) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = text.find('\x01'); at != std::string::npos; at = text.find('\x01', at + 1)) {
    auto [pc, length] = placeholder_at(text, at);
    if (length == 0) continue;
    out.append(text, from, at - from);
    out += name(pc);
    from = at + length;
    at = from - 1;
  }
  out.append(text, from, std::string::npos);
  return out;
}

std::string short_location(const Location& location) {
  std::string_view file = location.file;
  file = file.substr(file.rfind('/') + 1);
  return location.line == 0 ? std::string(file) : fmt::format("{}:{}", file, location.line);
}

}  // namespace braid::report
