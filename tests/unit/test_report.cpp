// Report layer: JSON round trips and schema, text rendering, atomic file writes, placeholders
// and symbolization.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "braid/config.hpp"
#include "braid/result.hpp"
#include "checker/report/json.hpp"
#include "checker/report/symbolize.hpp"
#include "checker/report/text.hpp"
#include "checker/report/write_atomic.hpp"
#include "checker/runtime/site_format.hpp"

namespace braid::report {
namespace {

bool same_step(const TraceStep& a, const TraceStep& b) {
  return a.thread == b.thread && a.op == b.op && a.object == b.object && a.file == b.file && a.line == b.line &&
         a.detail == b.detail;
}

void expect_same(const Bug& a, const Bug& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.schedule, b.schedule);
  EXPECT_EQ(a.execution, b.execution);
  EXPECT_EQ(a.locations, b.locations);
  ASSERT_EQ(a.trace.size(), b.trace.size());
  for (std::size_t i = 0; i < a.trace.size(); ++i) EXPECT_TRUE(same_step(a.trace[i], b.trace[i])) << "step " << i;
}

Bug race() {
  Bug b;
  b.kind = BugKind::data_race;
  b.message =
      "data race on balance: thread 1 writes (bank.cpp:12), thread 2 reads (bank.cpp:11)\nsecond line \"quoted\"";
  b.schedule = "braid1.0-1-0.5a1c2e7f.s1m100000.01x4.2f1c";
  b.locations = {{"/src/bank.cpp", 12, "deposit(int)"}, {"/src/bank.cpp", 11, "withdraw(int)"}};
  b.trace = {{0, "spawn", "", "/src/bank.cpp", 20, "thread 1"},
             {1, "write", "balance", "/src/bank.cpp", 12, "100"},
             {2, "read", "balance", "/src/bank.cpp", 11, ""}};
  b.execution = 3;
  return b;
}

Result racy() {
  Result r;
  r.name = "bank_account.racy";
  r.verdict = Verdict::bug;
  r.complete = true;
  r.executions = 3;
  r.steps = 42;
  r.elapsed_s = 0.0021;
  r.strategy = "dfs";
  r.coverage = "complete: every interleaving explored (3 executions, dfs)";
  r.bugs = {race()};
  return r;
}

Result passing() {
  Result r;
  r.name = "bank_account.locked";
  r.complete = true;
  r.executions = 1680;
  r.steps = 90000;
  r.elapsed_s = 0.01;
  r.strategy = "dfs";
  return r;
}

Result failed() {
  Result r;
  r.name = "bank_account.replayed";
  r.verdict = Verdict::error;
  r.strategy = "replay";
  r.error = "replay diverged at step 4";
  return r;
}

void expect_same(const Result& a, const Result& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.verdict, b.verdict);
  EXPECT_EQ(a.complete, b.complete);
  EXPECT_EQ(a.executions, b.executions);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(a.elapsed_s, b.elapsed_s);
  EXPECT_EQ(a.strategy, b.strategy);
  EXPECT_EQ(a.coverage, b.coverage);
  EXPECT_EQ(a.error, b.error);
  ASSERT_EQ(a.bugs.size(), b.bugs.size());
  for (std::size_t i = 0; i < a.bugs.size(); ++i) expect_same(a.bugs[i], b.bugs[i]);
}

TEST(ResultNames, EveryBugKindRoundTrips) {
  for (int k = 0; k <= static_cast<int>(BugKind::leaked_thread); ++k) {
    auto kind = static_cast<BugKind>(k);
    EXPECT_EQ(bug_kind_from_string(to_string(kind)), kind) << to_string(kind);
  }
  EXPECT_STREQ(to_string(BugKind::lock_order_inversion), "lock_order_inversion");
  EXPECT_FALSE(bug_kind_from_string("race").has_value());
  EXPECT_STREQ(to_string(Verdict::error), "error");
  EXPECT_STREQ(to_string(StrategyKind::random), "random");
}

TEST(ResultQueries, FoundAndTokens) {
  Result r = racy();
  EXPECT_TRUE(r.found(BugKind::data_race));
  EXPECT_FALSE(r.found(BugKind::deadlock));
  EXPECT_EQ(r.tokens(), std::vector<std::string>{race().schedule});
}

TEST(Json, BugRoundTripsThroughText) {
  Bug b = race();
  b.message += rt::pc_placeholder(reinterpret_cast<const void*>(0x7f00dead));  // control bytes survive
  expect_same(bug_from_json(nlohmann::json::parse(dump_line(to_json(b)))), b);
}

TEST(Json, ResultRoundTrips) {
  for (const Result& r : {racy(), passing(), failed()}) {
    expect_same(result_from_json(nlohmann::json::parse(to_json(r).dump())), r);
  }
}

TEST(Json, MalformedInputThrowsInvalidArgument) {
  nlohmann::json j = to_json(race());
  j["kind"] = "race";
  EXPECT_THROW(bug_from_json(j), std::invalid_argument);
  j = to_json(race());
  j.erase("trace");
  EXPECT_THROW(bug_from_json(j), std::invalid_argument);
  j = to_json(race());
  j["locations"][0]["line"] = -1;
  EXPECT_THROW(bug_from_json(j), std::invalid_argument);
  EXPECT_THROW(result_from_json(nlohmann::json::array()), std::invalid_argument);
}

std::vector<std::string> keys(const nlohmann::ordered_json& j) {
  std::vector<std::string> out;
  for (const auto& item : j.items()) out.push_back(item.key());
  return out;
}

TEST(Json, ReportFollowsTheSchema) {
  std::string text = render_json({racy(), passing(), failed()}, "0.1.0");
  ASSERT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("\n  \"tests\": ["), std::string::npos) << "two-space indent";
  auto j = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(keys(j), (std::vector<std::string>{"tool", "version", "tests"}));
  EXPECT_EQ(j["tool"], "braid");
  EXPECT_EQ(j["version"], "0.1.0");
  ASSERT_EQ(j["tests"].size(), 3U);
  const auto& t = j["tests"][0];
  EXPECT_EQ(keys(t), (std::vector<std::string>{"name", "verdict", "complete", "coverage", "executions", "steps",
                                               "pruned", "preemptions", "most_preemptions", "elapsed_s", "strategy",
                                               "bugs"}));
  EXPECT_EQ(t["coverage"], "complete: every interleaving explored (3 executions, dfs)");
  EXPECT_EQ(t["verdict"], "bug");
  const auto& bug = t["bugs"][0];
  EXPECT_EQ(keys(bug), (std::vector<std::string>{"kind", "message", "schedule", "execution", "locations", "trace"}));
  EXPECT_EQ(bug["kind"], "data_race");
  EXPECT_EQ(keys(bug["locations"][0]), (std::vector<std::string>{"file", "line", "function"}));
  EXPECT_EQ(keys(bug["trace"][0]), (std::vector<std::string>{"thread", "op", "object", "file", "line", "detail"}));
  EXPECT_FALSE(bug["trace"][2].contains("detail")) << "detail only when non-empty";
  EXPECT_FALSE(j["tests"][1].contains("error"));
  EXPECT_EQ(j["tests"][2]["error"], "replay diverged at step 4");
  EXPECT_EQ(j["tests"][2]["verdict"], "error");
}

TEST(Json, AReportWithoutCoverageStillReads) {
  nlohmann::json j = to_json(passing());
  j.erase("coverage");
  EXPECT_EQ(result_from_json(j).coverage, "");
}

TEST(Json, InvalidUtf8DoesNotThrow) {
  Result r = racy();
  r.bugs[0].message = "bad \xff byte";
  EXPECT_NO_THROW(render_json({r}, "0.1.0"));
  EXPECT_NO_THROW(dump_line(to_json(r.bugs[0])));
}

TEST(Text, BugBlockNamesKindMessageLocationsAndReplay) {
  std::string text = render_text({racy()}, false);
  EXPECT_NE(text.find("bank_account.racy: BUG (3 executions, 0.002 s, dfs, complete)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  [data_race] data race on balance"), std::string::npos) << text;
  EXPECT_NE(text.find("\n    second line"), std::string::npos) << "continuation lines are indented:\n" << text;
  EXPECT_NE(text.find("    at /src/bank.cpp:12 (deposit(int))\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    replay: --replay=" + race().schedule + "\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("trace:"), std::string::npos) << "no trace unless asked";
}

TEST(Text, TraceIsAnAlignedTable) {
  std::string text = render_text({racy()}, true);
  EXPECT_NE(text.find("    trace:\n"), std::string::npos) << text;
  EXPECT_NE(text.find("      step  thread  op     object   at           detail\n"), std::string::npos) << text;
  EXPECT_NE(text.find("      1     0       spawn           bank.cpp:20  thread 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("      3     2       read   balance  bank.cpp:11\n"), std::string::npos)
      << "no trailing blanks:\n"
      << text;
}

TEST(Text, PassErrorAndSummary) {
  std::string text = render_text({passing(), racy(), failed()}, false);
  EXPECT_NE(text.find("bank_account.locked: pass (1680 executions, 0.010 s, dfs, complete)\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("bank_account.replayed: ERROR replay diverged at step 4\n"), std::string::npos) << text;
  EXPECT_TRUE(text.ends_with("3 tests: 1 passed, 1 with bugs, 1 error\n")) << text;
  EXPECT_EQ(text, render_text({passing(), racy(), failed()}, false)) << "deterministic";
  Result one = passing();
  one.executions = 1;
  one.complete = false;
  EXPECT_NE(render_text({one}, false).find("(1 execution, 0.010 s, dfs, incomplete)"), std::string::npos);
  EXPECT_TRUE(render_text({one}, false).ends_with("1 test: 1 passed, 0 with bugs, 0 errors\n"));
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "braid-report-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

TEST(WriteAtomic, WritesThenReplacesLeavingNoTemporary) {
  TempDir dir;
  std::string file = (dir.path / "report.json").string();
  std::string error;
  ASSERT_TRUE(write_file_atomic(file, "first version, longer\n", error)) << error;
  EXPECT_EQ(slurp(file), "first version, longer\n");
  ASSERT_TRUE(write_file_atomic(file, "second\n", error)) << error;
  EXPECT_EQ(slurp(file), "second\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator()), 1);
}

TEST(WriteAtomic, FailureNamesTheFileAndLeavesNothing) {
  TempDir dir;
  std::string file = (dir.path / "missing" / "report.json").string();
  std::string error;
  EXPECT_FALSE(write_file_atomic(file, "x", error));
  EXPECT_EQ(error, "cannot write " + file + ": No such file or directory");
  EXPECT_TRUE(std::filesystem::is_empty(dir.path));
}

TEST(Placeholders, ReplacedByName) {
  const void* a = reinterpret_cast<const void*>(0x55d0c0ffee);
  const void* b = reinterpret_cast<const void*>(0x1234);
  std::string text = "race: " + rt::pc_placeholder(a) + " vs " + rt::pc_placeholder(b) + ".";
  std::vector<const void*> pcs;
  collect_placeholders(text, pcs);
  EXPECT_EQ(pcs, (std::vector<const void*>{a, b}));
  auto name = [&](const void* pc) { return pc == a ? std::string("a.cpp:1") : std::string("b.cpp:2"); };
  EXPECT_EQ(resolve_placeholders(text, name), "race: a.cpp:1 vs b.cpp:2.");
}

TEST(Placeholders, MalformedOnesAreLeftAlone) {
  auto name = [](const void*) { return std::string("X"); };
  EXPECT_EQ(resolve_placeholders("no placeholders", name), "no placeholders");
  EXPECT_EQ(resolve_placeholders("a\x01zz\x02 b", name), "a\x01zz\x02 b");
  EXPECT_EQ(resolve_placeholders("open \x01"
                                 "12",
                                 name),
            "open \x01"
            "12");
  EXPECT_EQ(resolve_placeholders("\x01\x01"
                                 "ab\x02!",
                                 name),
            "\x01X!");
}

TEST(ShortLocation, BasenameAndLine) {
  EXPECT_EQ(short_location({"/src/dir/bank.cpp", 12, "f"}), "bank.cpp:12");
  EXPECT_EQ(short_location({"??", 0, ""}), "??");
}

// The return address of this call: a point on the caller's line.
[[gnu::noinline]] const void* return_address() { return __builtin_return_address(0); }

TEST(Symbolize, NamesThisFileAndLine) {
  const unsigned line = __LINE__ + 1;
  const void* pc = return_address();
  std::vector<Location> got = symbolize({pc, nullptr, pc});
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got[1].file, "??") << "a null pc is unknown, not a failure";
  if (got[0].file == "??") GTEST_SKIP() << "built without debug information";
  EXPECT_EQ(short_location(got[0]), "test_report.cpp:" + std::to_string(line));
  EXPECT_NE(got[0].function.find("NamesThisFileAndLine"), std::string::npos) << got[0].function;
  EXPECT_EQ(got[2], got[0]);
}

TEST(Symbolize, AddressOutsideAnyModuleIsUnknown) {
  std::vector<Location> got = symbolize({reinterpret_cast<const void*>(0x10)});
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0], (Location{"??", 0, ""}));
}

}  // namespace
}  // namespace braid::report
