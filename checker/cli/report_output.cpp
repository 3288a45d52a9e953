#include "checker/cli/report_output.hpp"

#include <cstdio>
#include <string>

#include "checker/cli/version.hpp"
#include "checker/report/json.hpp"
#include "checker/report/merge.hpp"
#include "checker/report/text.hpp"
#include "checker/report/write_atomic.hpp"

namespace braid::cli {
namespace {

// A shard's report names its shard and settings, for `braid merge`.
report::RunInfo run_info(const CliConfig& cfg) {
  if (cfg.options.shard_count <= 1 || !cfg.options.replay.empty()) return {};  // a replay is no shard
  return {report::shard_name(cfg.options.shard_index, cfg.options.shard_count), report::settings_of(cfg.options)};
}

}  // namespace

int exit_code(const std::vector<Result>& results) {
  int code = kExitPass;
  for (const Result& r : results) {
    if (r.verdict == Verdict::error) return kExitUsage;
    if (r.verdict == Verdict::bug) code = kExitBug;
  }
  return code;
}

int write_report(const CliConfig& cfg, const std::vector<Result>& results) {
  bool replay = !cfg.options.replay.empty();
  std::string text = report::render_text(results, replay);
  if (cfg.report == ReportFormat::json && cfg.output.empty()) {
    std::fputs(report::render_json(results, kVersion, run_info(cfg)).c_str(), stdout);
    return kExitPass;
  }
  std::fputs(text.c_str(), stdout);
  if (cfg.output.empty()) return kExitPass;
  std::string data = cfg.report == ReportFormat::json ? report::render_json(results, kVersion, run_info(cfg)) : text;
  std::string error;
  if (!report::write_file_atomic(cfg.output, data, error)) {
    std::fprintf(stderr, "braid: %s\n", error.c_str());
    return kExitUsage;
  }
  return kExitPass;
}

}  // namespace braid::cli
