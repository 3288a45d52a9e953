#include "checker/runtime/checkpoint.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "checker/cli/version.hpp"
#include "checker/report/json.hpp"
#include "checker/report/write_atomic.hpp"

namespace braid::rt {
namespace {

using json = nlohmann::json;

// The options that change what an exploration runs, in the order messages name them. Only those
// that matter for the strategy: a dfs run may resume under another --seed.
json options_json(const Options& o) {
  json j = {{"strategy", to_string(o.strategy)},
            {"max_steps", o.max_steps},
            {"spurious_wakeups", o.spurious_wakeups},
            {"keep_going", o.keep_going}};
  if (o.strategy == StrategyKind::random || o.strategy == StrategyKind::pct) j["seed"] = o.seed;
  if (o.strategy == StrategyKind::pb) j["bound"] = o.bound;
  if (o.strategy == StrategyKind::pct) j["depth"] = o.depth;
  return j;
}

// The whole file, or nullopt when there is none; throws std::runtime_error with the reason when
// it cannot be used.
std::optional<json> read_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error(fmt::format("cannot read checkpoint {}: {}", path, std::strerror(errno)));
  }
  std::stringstream data;
  data << in.rdbuf();
  json j = json::parse(data.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("tool", "") != "braid" || !j.contains("tests") ||
      !j["tests"].is_object()) {
    throw std::runtime_error(
        fmt::format("checkpoint {} is damaged (not a braid checkpoint): remove it to start over", path));
  }
  if (j.value("format", 0) != kCheckpointFormat) {
    throw std::runtime_error(
        fmt::format("checkpoint {} has format {}, and this braid reads format {}: remove it to "
                    "start over",
                    path, j.value("format", 0), kCheckpointFormat));
  }
  if (j.value("version", "") != kVersion) {
    throw std::runtime_error(
        fmt::format("checkpoint {} was written by braid {}, and this is braid {}: remove it to "
                    "start over",
                    path, j.value("version", "?"), kVersion));
  }
  return j;
}

// "--strategy=dfs": an option as a flag.
std::string flag(std::string key, const json* value) {
  for (char& c : key) c = c == '_' ? '-' : c;
  if (value == nullptr) return fmt::format("no --{}", key);
  return fmt::format("--{}={}", key, value->is_string() ? value->get<std::string>() : value->dump());
}

// "" when `saved` (an entry's options) are `now`, else what differs, the strategy first.
std::string options_mismatch(const std::string& path, const std::string& name, const json& saved, const json& now) {
  std::vector<std::string> keys{"strategy"};
  for (const auto& [key, value] : now.items()) keys.push_back(key);
  for (const std::string& key : keys) {
    const json* before = saved.contains(key) ? &saved[key] : nullptr;
    if (before == nullptr || *before != now[key]) {
      return fmt::format(
          "checkpoint {} was saved for {} with {}, and this run has {}: rerun with the same options or "
          "remove it",
          path, name, flag(key, before), flag(key, &now[key]));
    }
  }
  return {};
}

Checkpoint entry_from(const json& e) {
  Checkpoint c;
  c.done = e.at("done").get<bool>();
  c.result = report::result_from_json(e.at("result"));
  c.pruned = e.at("pruned").get<std::uint64_t>();
  c.seen = e.at("seen").get<std::vector<std::string>>();
  if (!c.done) c.strategy = e.at("strategy");
  return c;
}

}  // namespace

std::variant<std::optional<Checkpoint>, std::string> load_checkpoint(const std::string& path, const std::string& name,
                                                                     const Options& options) {
  try {
    std::optional<json> file = read_file(path);
    if (!file || !(*file)["tests"].contains(name)) return std::optional<Checkpoint>{};
    const json& e = (*file)["tests"][name];
    if (std::string err = options_mismatch(path, name, e.at("options"), options_json(options)); !err.empty()) {
      return err;
    }
    return std::optional<Checkpoint>{entry_from(e)};
  } catch (const std::runtime_error& e) {
    return std::string(e.what());
  } catch (const std::exception& e) {
    return fmt::format("checkpoint {} is damaged (the entry of {}: {}): remove it to start over", path, name, e.what());
  }
}

bool save_checkpoint(const std::string& path, const std::string& name, const Options& options, const Checkpoint& c,
                     std::string& error) {
  json file;
  try {
    file = read_file(path).value_or(json::object());
  } catch (const std::exception&) {
    file = json::object();  // why: checked before the run; a damaged file is replaced, not kept
  }
  if (!file.contains("tests")) file["tests"] = json::object();
  file["tool"] = "braid";
  file["format"] = kCheckpointFormat;
  file["version"] = kVersion;
  json e = {{"options", options_json(options)},
            {"done", c.done},
            {"result", report::to_json(c.result)},
            {"pruned", c.pruned},
            {"seen", c.seen}};
  if (!c.done) e["strategy"] = c.strategy;
  file["tests"][name] = std::move(e);
  return report::write_file_atomic(path, report::dump_line(file) + "\n", error);
}

std::string check_checkpoint(const std::string& path, const std::vector<std::string>& names, const Options& options) {
  try {
    std::optional<json> file = read_file(path);
    if (!file) return {};
    const json& tests = (*file)["tests"];
    bool any = false;
    for (const std::string& name : names) {
      if (!tests.contains(name)) continue;
      any = true;
      auto loaded = load_checkpoint(path, name, options);
      if (auto* err = std::get_if<std::string>(&loaded)) return *err;
    }
    if (!any && !tests.empty()) {
      return fmt::format("checkpoint {} was saved for other tests ({}...): select them with --filter or remove it",
                         path, tests.begin().key());
    }
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

bool finish_checkpoint(const std::string& path, std::string& error) {
  try {
    std::optional<json> file = read_file(path);
    if (!file) return true;
    for (const auto& [name, e] : (*file)["tests"].items()) {
      if (!e.value("done", false)) return true;
    }
  } catch (const std::exception&) {
    return true;  // left for the next run to report
  }
  if (std::remove(path.c_str()) != 0) {
    error = fmt::format("cannot remove checkpoint {}: {}", path, std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace braid::rt
