// Check `mixed-locking`: a variable of static storage that is written somewhere and accessed both
// with a lock held and with none. The lock shows that the author meant to protect it; the access
// without one races with the locked ones. Accesses that no other thread can overlap (main before
// its first thread start or after a join) do not count.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "checker/instrument/lint/checks.hpp"

namespace braid::lint {
namespace {

const char* verb(const Access& a) { return a.write ? "written" : "read"; }

// The first write among `accesses` (sorted by site), else the first access.
const Access* first_write_or_any(const std::vector<const Access*>& accesses) {
  auto it = std::find_if(accesses.begin(), accesses.end(), [](const Access* a) { return a->write; });
  return it != accesses.end() ? *it : accesses.front();
}

}  // namespace

std::vector<Finding> check_mixed_locking(const Facts& facts) {
  std::map<std::string, std::vector<const Access*>> locked, unlocked;
  std::map<std::string, bool> written;
  for (const Access& a : facts.accesses) {
    if (!a.concurrent) continue;
    (a.locks.empty() ? unlocked : locked)[a.variable].push_back(&a);
    written[a.variable] = written[a.variable] || a.write;
  }
  std::vector<Finding> out;
  for (const auto& [variable, bare] : unlocked) {
    auto guarded = locked.find(variable);
    if (guarded == locked.end() || !written[variable]) continue;
    const Access& u = *first_write_or_any(bare);
    const Access& l = *first_write_or_any(guarded->second);
    std::string locks = join_names(l.locks);
    out.push_back({kCheckMixedLocking,
                   u.site,
                   fmt::format("{} is {} here in {} with no lock held, but {} in {} at {} with {} held", variable,
                               verb(u), u.function, verb(l), l.function, site_ref(l.site, u.site), locks),
                   {{l.site, fmt::format("{} {} with {} held here", variable, verb(l), locks)}}});
  }
  return out;
}

}  // namespace braid::lint
