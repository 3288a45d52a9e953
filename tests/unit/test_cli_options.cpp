// The test binary's options: every flag, its environment twin, precedence, errors, filters.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "checker/cli/options.hpp"
#include "checker/strategy/token.hpp"

namespace braid::cli {
namespace {

using Env = std::map<std::string, std::string>;

ParseOutcome parse(std::vector<std::string> args, const Env& env = {}) {
  args.insert(args.begin(), "/path/to/bank_tests");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  auto getenv = [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  return parse_command_line(static_cast<int>(args.size()), argv.data(), getenv);
}

CliConfig ok(std::vector<std::string> args, const Env& env = {}) {
  ParseOutcome out = parse(std::move(args), env);
  EXPECT_EQ(out.exit_code, -1) << out.message;
  return out.config;
}

// A usage error: exit code 2 and a one-line message.
std::string usage_error(std::vector<std::string> args, const Env& env = {}) {
  ParseOutcome out = parse(std::move(args), env);
  EXPECT_EQ(out.exit_code, 2) << "accepted: " << out.message;
  EXPECT_EQ(out.message.find('\n'), std::string::npos) << out.message;
  return out.message;
}

std::string valid_token() {
  strategy::Token t;
  t.version = "0.1.0";
  t.test_hash = strategy::test_hash("bank.racy");
  t.spurious_wakeups = 1;
  t.max_steps = 100000;
  t.choices = {0, 1, 1, 1, 40};
  return strategy::encode_token(t);
}

TEST(CliOptions, DefaultsMatchOptions) {
  CliConfig c = ok({});
  EXPECT_EQ(c.options.strategy, StrategyKind::dpor);
  EXPECT_EQ(c.options.max_executions, 0U);
  EXPECT_EQ(c.options.max_steps, Options{}.max_steps);
  EXPECT_TRUE(c.options.isolate);
  EXPECT_FALSE(c.list);
  EXPECT_EQ(c.filter, "*");
  EXPECT_EQ(c.report, ReportFormat::text);
  EXPECT_EQ(c.output, "");
}

TEST(CliOptions, EveryFlag) {
  std::string token = valid_token();
  CliConfig c =
      ok({"--list", "--filter=bank.*", "--strategy", "random", "--max-executions=500", "--time-limit=2.5", "--seed=7",
          "--replay=" + token, "--report=json", "--output=out.json", "--keep-going", "--progress", "--max-steps=99",
          "--spurious-wakeups=3", "--no-isolation", "--hang-timeout=0.5", "--checkpoint=ck.json"});
  EXPECT_TRUE(c.list);
  EXPECT_EQ(c.filter, "bank.*");
  EXPECT_EQ(c.options.strategy, StrategyKind::random);
  EXPECT_EQ(c.options.max_executions, 500U);
  EXPECT_EQ(c.options.time_limit_s, 2.5);
  EXPECT_EQ(c.options.seed, 7U);
  EXPECT_EQ(c.options.replay, token);
  EXPECT_EQ(c.report, ReportFormat::json);
  EXPECT_EQ(c.output, "out.json");
  EXPECT_TRUE(c.options.keep_going);
  EXPECT_TRUE(c.progress);
  EXPECT_EQ(c.options.max_steps, 99U);
  EXPECT_EQ(c.options.spurious_wakeups, 3U);
  EXPECT_FALSE(c.options.isolate);
  EXPECT_EQ(c.options.hang_timeout_s, 0.5);
  EXPECT_EQ(c.options.checkpoint, "ck.json");
}

TEST(CliOptions, EveryEnvTwin) {
  std::string token = valid_token();
  Env env{{"BRAID_LIST", "1"},
          {"BRAID_FILTER", "a.*"},
          {"BRAID_STRATEGY", "random"},
          {"BRAID_MAX_EXECUTIONS", "9"},
          {"BRAID_TIME_LIMIT", "1"},
          {"BRAID_SEED", "42"},
          {"BRAID_REPLAY", token},
          {"BRAID_REPORT", "json"},
          {"BRAID_OUTPUT", "r.json"},
          {"BRAID_KEEP_GOING", "yes"},
          {"BRAID_PROGRESS", "true"},
          {"BRAID_MAX_STEPS", "5"},
          {"BRAID_SPURIOUS_WAKEUPS", "0"},
          {"BRAID_ISOLATION", "0"},
          {"BRAID_HANG_TIMEOUT", "3"},
          {"BRAID_CHECKPOINT", "env.json"}};
  CliConfig c = ok({}, env);
  EXPECT_TRUE(c.list);
  EXPECT_EQ(c.filter, "a.*");
  EXPECT_EQ(c.options.strategy, StrategyKind::random);
  EXPECT_EQ(c.options.max_executions, 9U);
  EXPECT_EQ(c.options.time_limit_s, 1.0);
  EXPECT_EQ(c.options.seed, 42U);
  EXPECT_EQ(c.options.replay, token);
  EXPECT_EQ(c.report, ReportFormat::json);
  EXPECT_EQ(c.output, "r.json");
  EXPECT_TRUE(c.options.keep_going);
  EXPECT_TRUE(c.progress);
  EXPECT_EQ(c.options.max_steps, 5U);
  EXPECT_EQ(c.options.spurious_wakeups, 0U);
  EXPECT_FALSE(c.options.isolate);
  EXPECT_EQ(c.options.hang_timeout_s, 3.0);
  EXPECT_EQ(c.options.checkpoint, "env.json");
  EXPECT_FALSE(ok({}, {{"BRAID_PROGRESS", "0"}}).progress);
  EXPECT_TRUE(ok({}, {{"BRAID_ISOLATION", "1"}}).options.isolate);
}

TEST(CliOptions, CommandLineBeatsEnvironment) {
  Env env{{"BRAID_FILTER", "env.*"}, {"BRAID_STRATEGY", "random"}, {"BRAID_PROGRESS", "1"}, {"BRAID_ISOLATION", "1"}};
  CliConfig c = ok({"--filter=cli.*", "--strategy=dfs", "--no-progress", "--no-isolation"}, env);
  EXPECT_EQ(c.filter, "cli.*");
  EXPECT_EQ(c.options.strategy, StrategyKind::dfs);
  EXPECT_FALSE(c.progress);
  EXPECT_FALSE(c.options.isolate);
  EXPECT_TRUE(ok({"--progress"}, {{"BRAID_PROGRESS", "0"}}).progress);
  // A bad variable is not even read when its flag is given.
  EXPECT_EQ(ok({"--seed=1"}, {{"BRAID_SEED", "x"}}).options.seed, 1U);
}

TEST(CliOptions, ProgressByDefaultOnlyOnATerminalOutsideCi) {
  EXPECT_TRUE(progress_by_default(true, nullptr, "xterm-256color"));
  EXPECT_TRUE(progress_by_default(true, nullptr, nullptr));
  EXPECT_FALSE(progress_by_default(false, nullptr, "xterm")) << "not a terminal";
  EXPECT_FALSE(progress_by_default(true, "true", "xterm"));
  EXPECT_FALSE(progress_by_default(true, "1", "xterm"));
  EXPECT_FALSE(progress_by_default(true, "woodpecker", "xterm")) << "any other value means CI too";
  EXPECT_TRUE(progress_by_default(true, "", "xterm"));
  EXPECT_TRUE(progress_by_default(true, "false", "xterm"));
  EXPECT_TRUE(progress_by_default(true, "0", "xterm"));
  EXPECT_FALSE(progress_by_default(true, nullptr, "dumb")) << "cannot rewrite a line";
}

TEST(CliOptions, ProgressFlagsBeatTheDefault) {
  // Under ctest standard error is not a terminal: off unless asked for.
  EXPECT_FALSE(ok({}).progress);
  EXPECT_FALSE(ok({}, {{"CI", "true"}}).progress);
  EXPECT_TRUE(ok({"--progress"}, {{"CI", "true"}}).progress);
  EXPECT_TRUE(ok({}, {{"CI", "true"}, {"BRAID_PROGRESS", "1"}}).progress);
  EXPECT_FALSE(ok({"--no-progress"}, {{"BRAID_PROGRESS", "1"}}).progress);
  EXPECT_NE(usage_error({}, {{"BRAID_PROGRESS", "maybe"}}).find("BRAID_PROGRESS"), std::string::npos);
}

TEST(CliOptions, LastOfRepeatedOrOpposedFlagsWins) {
  EXPECT_FALSE(ok({"--progress", "--no-progress"}).progress);
  EXPECT_TRUE(ok({"--no-progress", "--progress"}).progress);
  EXPECT_EQ(ok({"--seed=1", "--seed=2"}).options.seed, 2U);
}

TEST(CliOptions, EmptyVariableIsUnset) { EXPECT_EQ(ok({}, {{"BRAID_FILTER", ""}, {"BRAID_SEED", ""}}).filter, "*"); }

TEST(CliOptions, HelpAndVersionStopWithSuccess) {
  ParseOutcome help = parse({"--help"}, {{"BRAID_SEED", "bad"}});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(help.config.help);
  EXPECT_NE(help.message.find("Usage: bank_tests"), std::string::npos) << help.message;
  EXPECT_EQ(parse({"-h"}).exit_code, 0);
  ParseOutcome version = parse({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.message, "braid 0.1.0");
}

TEST(CliOptions, UsageListsEveryFlagWithItsTwin) {
  std::string text = usage("t");
  for (const char* flag : {"--list",           "--filter=GLOB",          "--strategy=NAME", "--bound=K",
                           "--depth=D",        "--max-executions=N",     "--seed=N",        "--time-limit=SECONDS",
                           "--replay=TOKEN",   "--report=FORMAT",        "--output=FILE",   "--keep-going",
                           "--progress",       "--no-progress",          "--max-steps=N",   "--spurious-wakeups=N",
                           "--no-isolation",   "--hang-timeout=SECONDS", "--help",          "--version",
                           "--checkpoint=FILE"}) {
    EXPECT_NE(text.find(flag), std::string::npos) << flag;
  }
  for (const char* env : {"BRAID_LIST=1", "BRAID_FILTER", "BRAID_MAX_EXECUTIONS", "BRAID_PROGRESS=0",
                          "BRAID_ISOLATION=0", "BRAID_HANG_TIMEOUT", "BRAID_SPURIOUS_WAKEUPS", "BRAID_CHECKPOINT"}) {
    EXPECT_NE(text.find(env), std::string::npos) << env;
  }
}

// The line of `usage` that shows `env`.
std::string usage_line(std::string_view env) {
  std::string text = usage("t");
  std::size_t at = text.find(env);
  if (at == std::string::npos) return {};
  std::size_t begin = text.rfind('\n', at) + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}

TEST(CliOptions, UsageShowsTheDefaultsOfOptions) {
  const Options d;
  EXPECT_NE(usage_line("BRAID_MAX_STEPS").find(" " + std::to_string(d.max_steps) + " "), std::string::npos);
  EXPECT_NE(usage_line("BRAID_SPURIOUS_WAKEUPS").find(" " + std::to_string(d.spurious_wakeups) + " "),
            std::string::npos);
  EXPECT_NE(usage_line("BRAID_HANG_TIMEOUT").find(fmt::format(" {} ", d.hang_timeout_s)), std::string::npos);
  EXPECT_NE(usage_line("BRAID_MAX_EXECUTIONS").find(" " + std::to_string(d.max_executions) + " "), std::string::npos);
  EXPECT_NE(usage_line("BRAID_TIME_LIMIT").find(fmt::format(" {} ", d.time_limit_s)), std::string::npos);
  EXPECT_NE(usage_line("BRAID_STRATEGY").find(" dfs "), std::string::npos);
  EXPECT_NE(usage_line("BRAID_BOUND").find(" " + std::to_string(d.bound) + " "), std::string::npos);
  EXPECT_NE(usage_line("BRAID_DEPTH").find(" " + std::to_string(d.depth) + " "), std::string::npos);
}

TEST(CliOptions, PbAndPctWithTheirSettings) {
  CliConfig pb = ok({"--strategy=pb", "--bound=4"});
  EXPECT_EQ(pb.options.strategy, StrategyKind::pb);
  EXPECT_EQ(pb.options.bound, 4U);
  CliConfig pct = ok({}, {{"BRAID_STRATEGY", "pct"}, {"BRAID_DEPTH", "5"}, {"BRAID_BOUND", "0"}});
  EXPECT_EQ(pct.options.strategy, StrategyKind::pct);
  EXPECT_EQ(pct.options.depth, 5U);
  EXPECT_EQ(pct.options.bound, 0U);
}

TEST(CliOptions, UnknownOptionAndStrayArgument) {
  EXPECT_EQ(usage_error({"--frobnicate"}), "braid: unknown option '--frobnicate' (see --help)");
  EXPECT_EQ(usage_error({"--frobnicate=3"}), "braid: unknown option '--frobnicate' (see --help)");
  EXPECT_EQ(usage_error({"-x"}), "braid: unknown option '-x' (see --help)");
  EXPECT_EQ(usage_error({"stray"}), "braid: unexpected argument 'stray' (see --help)");
  EXPECT_EQ(usage_error({"--filter"}), "braid: option '--filter' needs a value (see --help)");
}

TEST(CliOptions, BadValuesNameTheFlag) {
  EXPECT_EQ(usage_error({"--strategy=bfs"}),
            "braid: --strategy: unknown strategy 'bfs' (expected dpor, dfs, pb, pct, random or auto)");
  EXPECT_NE(usage_error({"--bound=-1"}).find("--bound"), std::string::npos);
  EXPECT_NE(usage_error({"--depth=0"}).find("--depth"), std::string::npos);
  EXPECT_EQ(usage_error({"--max-executions=ten"}),
            "braid: --max-executions: expected a non-negative integer, got 'ten'");
  EXPECT_NE(usage_error({"--max-executions=-1"}).find("--max-executions"), std::string::npos);
  EXPECT_NE(usage_error({"--seed=1x"}).find("--seed"), std::string::npos);
  EXPECT_NE(usage_error({"--time-limit=-2"}).find("--time-limit"), std::string::npos);
  EXPECT_NE(usage_error({"--time-limit=nan"}).find("--time-limit"), std::string::npos);
  EXPECT_NE(usage_error({"--hang-timeout=0"}).find("--hang-timeout"), std::string::npos);
  EXPECT_NE(usage_error({"--max-steps=0"}).find("--max-steps"), std::string::npos);
  EXPECT_NE(usage_error({"--spurious-wakeups=99999999999"}).find("--spurious-wakeups"), std::string::npos);
  EXPECT_NE(usage_error({"--report=xml"}).find("--report"), std::string::npos);
  EXPECT_NE(usage_error({"--list=maybe"}).find("--list"), std::string::npos);
  EXPECT_NE(usage_error({"--filter="}).find("--filter"), std::string::npos);
  EXPECT_NE(usage_error({"--output="}).find("--output"), std::string::npos);
}

TEST(CliOptions, BadReplayTokenIsAUsageError) {
  std::string token = valid_token();
  std::string damaged = token;
  damaged[damaged.size() - 7] = damaged[damaged.size() - 7] == '1' ? '2' : '1';
  EXPECT_NE(usage_error({"--replay=" + damaged}).find("--replay"), std::string::npos);
  EXPECT_NE(usage_error({"--replay=hello"}).find("not a Braid replay token"), std::string::npos);
}

TEST(CliOptions, BadValuesNameTheVariable) {
  EXPECT_EQ(usage_error({}, {{"BRAID_MAX_EXECUTIONS", "lots"}}),
            "braid: BRAID_MAX_EXECUTIONS: expected a non-negative integer, got 'lots'");
  EXPECT_NE(usage_error({}, {{"BRAID_KEEP_GOING", "maybe"}}).find("BRAID_KEEP_GOING"), std::string::npos);
  EXPECT_NE(usage_error({}, {{"BRAID_STRATEGY", "bfs"}}).find("BRAID_STRATEGY"), std::string::npos);
  EXPECT_NE(usage_error({}, {{"BRAID_ISOLATION", "2"}}).find("BRAID_ISOLATION"), std::string::npos);
}

TEST(GlobMatch, StarsAndQuestionMarks) {
  EXPECT_TRUE(glob_match("*", "anything"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("bank.*", "bank.racy"));
  EXPECT_FALSE(glob_match("bank.*", "queue.racy"));
  EXPECT_TRUE(glob_match("b?nk.r*y", "bank.racy"));
  EXPECT_TRUE(glob_match("*.*y", "bank.racy"));
  EXPECT_FALSE(glob_match("bank", "bank.racy")) << "globs match the whole name";
  EXPECT_TRUE(glob_match("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXbYbZ"));
  EXPECT_FALSE(glob_match(std::string(30, '*') + "b", std::string(200, 'a'))) << "no exponential backtracking";
}

TEST(GlobMatch, AlternativesAndNegatives) {
  EXPECT_TRUE(glob_match("a.*:b.*", "b.x"));
  EXPECT_FALSE(glob_match("a.*:b.*", "c.x"));
  EXPECT_TRUE(glob_match("a.*:b.*-b.slow", "b.fast"));
  EXPECT_FALSE(glob_match("a.*:b.*-b.slow", "b.slow"));
  EXPECT_FALSE(glob_match("-*.slow", "b.slow")) << "a leading '-' excludes from everything";
  EXPECT_TRUE(glob_match("-*.slow", "b.fast"));
  EXPECT_FALSE(glob_match("*-a.*:b.*", "b.x"));
}

}  // namespace
}  // namespace braid::cli

namespace braid::cli {
namespace {

TEST(CliOptions, JobsAndShard) {
  CliConfig c = ok({"--jobs=4"});
  EXPECT_EQ(c.options.jobs, 4U);
  EXPECT_EQ(c.options.shard_count, 1U);
  c = ok({"--shard=2/8"});
  EXPECT_EQ(c.options.shard_index, 2U);
  EXPECT_EQ(c.options.shard_count, 8U);
  EXPECT_EQ(ok({}, {{"BRAID_JOBS", "3"}}).options.jobs, 3U);
  EXPECT_EQ(ok({}, {{"BRAID_SHARD", "1/2"}}).options.shard_index, 1U);
  EXPECT_EQ(ok({"--shard=0/1"}, {{"BRAID_SHARD", "x"}}).options.shard_count, 1U);
  EXPECT_NE(usage_error({"--jobs=0"}).find("--jobs"), std::string::npos);
  EXPECT_NE(usage_error({"--shard=4/4"}).find("--shard"), std::string::npos);
  EXPECT_NE(usage_error({"--shard=3"}).find("K/N"), std::string::npos);
  EXPECT_NE(usage_error({}, {{"BRAID_SHARD", "1/x"}}).find("BRAID_SHARD"), std::string::npos);
  EXPECT_NE(usage_error({"--jobs=2", "--shard=0/2"}).find("cannot be combined"), std::string::npos);
  std::string text = usage("t");
  EXPECT_NE(text.find("--jobs=N"), std::string::npos);
  EXPECT_NE(text.find("BRAID_SHARD"), std::string::npos);
}

}  // namespace
}  // namespace braid::cli
