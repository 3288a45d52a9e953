#include "checker/instrument/lint/facts.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <tuple>

namespace braid::lint {
namespace {

template <typename T, typename Key>
void sort_unique(std::vector<T>& items, Key key) {
  std::sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
  items.erase(std::unique(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) == key(b); }),
              items.end());
}

}  // namespace

std::string display_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  fs::path p = fs::path(path).lexically_normal();
  if (!ec && p.is_absolute()) {
    fs::path relative = p.lexically_relative(cwd);
    // why: a path below the working directory reads better relative, as the user typed it; one
    // elsewhere (a system header, a sibling tree) stays absolute rather than "../../..".
    if (!relative.empty() && *relative.begin() != "..") return relative.string();
  }
  return p.string();
}

void normalize(Facts& facts) {
  sort_unique(facts.functions, [](const std::string& f) { return f; });
  sort_unique(facts.calls, [](const Call& c) { return std::tie(c.site, c.caller, c.callee, c.library); });
  sort_unique(facts.starts, [](const ThreadStart& s) { return std::tie(s.site, s.entry, s.in_loop); });
  sort_unique(facts.handlers, [](const HandlerInstall& h) { return std::tie(h.site, h.handler); });
  sort_unique(facts.accesses,
              [](const Access& a) { return std::tie(a.site, a.function, a.variable, a.write, a.concurrent, a.locks); });
  sort_unique(facts.static_returns, [](const StaticReturn& r) { return std::tie(r.site, r.function, r.variable); });
  sort_unique(facts.acquires, [](const Acquire& a) { return std::tie(a.site, a.function, a.lock, a.held); });
}

}  // namespace braid::lint
