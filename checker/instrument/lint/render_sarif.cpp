#include <nlohmann/json.hpp>

#include <filesystem>
#include <system_error>

#include "checker/cli/version.hpp"
#include "checker/instrument/lint/render.hpp"

namespace braid::lint {
namespace {

using nlohmann::json;

constexpr const char* kSrcRoot = "SRCROOT";

json artifact(const std::string& file) {
  std::filesystem::path p(file);
  if (p.is_absolute()) return {{"uri", "file://" + p.generic_string()}};
  return {{"uri", p.generic_string()}, {"uriBaseId", kSrcRoot}};
}

json physical(const Site& s) {
  json region = {{"startLine", s.line}};
  if (s.column > 0) region["startColumn"] = s.column;
  return {{"physicalLocation", {{"artifactLocation", artifact(s.file)}, {"region", region}}}};
}

json rules() {
  json out = json::array();
  for (const CheckInfo& info : check_infos()) {
    out.push_back({{"id", info.id},
                   {"shortDescription", {{"text", info.description}}},
                   {"defaultConfiguration", {{"level", "warning"}}}});
  }
  return out;
}

int rule_index(const std::string& check) {
  const auto& infos = check_infos();
  for (std::size_t i = 0; i < infos.size(); ++i) {
    if (check == infos[i].id) return static_cast<int>(i);
  }
  return -1;
}

json result(const Finding& f) {
  json r = {{"ruleId", f.check},
            {"ruleIndex", rule_index(f.check)},
            {"level", "warning"},
            {"message", {{"text", f.message}}},
            {"locations", json::array({physical(f.site)})}};
  if (!f.related.empty()) {
    json related = json::array();
    for (std::size_t i = 0; i < f.related.size(); ++i) {
      json loc = physical(f.related[i].site);
      loc["id"] = i + 1;
      loc["message"] = {{"text", f.related[i].message}};
      related.push_back(std::move(loc));
    }
    r["relatedLocations"] = std::move(related);
  }
  return r;
}

}  // namespace

std::string render_sarif(const std::vector<Finding>& findings) {
  json results = json::array();
  for (const Finding& f : findings) results.push_back(result(f));
  std::error_code ec;
  std::string root = std::filesystem::current_path(ec).generic_string();
  json run = {{"tool",
               {{"driver",
                 {{"name", "braid lint"}, {"version", kVersion}, {"semanticVersion", kVersion}, {"rules", rules()}}}}},
              {"originalUriBaseIds", {{kSrcRoot, {{"uri", "file://" + root + "/"}}}}},
              {"results", std::move(results)}};
  json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({std::move(run)})}};
  return sarif.dump(2) + "\n";
}

}  // namespace braid::lint
