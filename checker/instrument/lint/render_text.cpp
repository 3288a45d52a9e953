#include <fmt/format.h>

#include <map>

#include "checker/cli/version.hpp"
#include "checker/instrument/lint/render.hpp"

namespace braid::lint {
namespace {

std::string position(const Site& s) { return fmt::format("{}:{}:{}", s.file, s.line, s.column); }

std::string summary(const std::vector<Finding>& findings, std::size_t files) {
  std::string analysed = fmt::format("{} file{} analysed", files, files == 1 ? "" : "s");
  if (findings.empty()) return fmt::format("braid lint {}: no warnings, {}\n", kVersion, analysed);
  std::map<std::string, int> per_check;
  for (const Finding& f : findings) ++per_check[f.check];
  std::string counts;
  for (const CheckInfo& info : check_infos()) {
    if (per_check.count(info.id) == 0) continue;
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", per_check[info.id], info.id);
  }
  return fmt::format("braid lint {}: {} warning{} ({}), {}\n", kVersion, findings.size(),
                     findings.size() == 1 ? "" : "s", counts, analysed);
}

}  // namespace

std::string render_text(const std::vector<Finding>& findings, std::size_t files) {
  std::string out;
  for (const Finding& f : findings) {
    out += fmt::format("{}: warning: [{}] {}\n", position(f.site), f.check, f.message);
    for (const Related& r : f.related) out += fmt::format("{}: note: {}\n", position(r.site), r.message);
  }
  return out + summary(findings, files);
}

}  // namespace braid::lint
