// Helpers shared by the test_execution_*.cpp files: run a body through braid::explore, pick out
// the one bug it should find, and check that its token replays to the same bug.
#pragma once

#include <gtest/gtest.h>

#include <braid/braid.hpp>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace braid::test {

// Executions in this process: isolation is only the point of the crash and hang tests.
inline Options in_process(Options o = {}) {
  o.isolate = false;
  return o;
}

inline bool mentions(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }

inline std::string basename_of(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// The lines of bug locations that are in the file named `file` (a basename).
inline std::set<unsigned> lines_in(const Bug& bug, std::string_view file) {
  std::set<unsigned> out;
  for (const Location& l : bug.locations) {
    if (basename_of(l.file) == file) out.insert(l.line);
  }
  return out;
}

inline std::string describe(const Result& r) {
  std::string out = std::string(to_string(r.verdict)) + " after " + std::to_string(r.executions) + " executions";
  if (!r.error.empty()) out += ", error: " + r.error;
  for (const Bug& b : r.bugs) out += "\n  [" + std::string(to_string(b.kind)) + "] " + b.message;
  return out;
}

// A run that found no bug and covered every interleaving.
inline void expect_clean(const Result& r) {
  EXPECT_EQ(r.verdict, Verdict::pass) << describe(r);
  EXPECT_TRUE(r.bugs.empty()) << describe(r);
  EXPECT_TRUE(r.complete) << describe(r);
  EXPECT_GT(r.executions, 0U);
  EXPECT_TRUE(r.error.empty()) << r.error;
}

// The first bug of `kind`, after checking the verdict and that the bug carries a token; an
// empty bug (and a test failure) when there is none.
inline Bug bug_of(const Result& r, BugKind kind) {
  EXPECT_EQ(r.verdict, Verdict::bug) << describe(r);
  for (const Bug& b : r.bugs) {
    if (b.kind == kind) {
      EXPECT_EQ(b.schedule.rfind("braid1.", 0), 0U) << "a replay token: " << b.schedule;
      EXPECT_FALSE(b.message.empty());
      EXPECT_GE(b.execution, 1U);
      EXPECT_LE(b.execution, r.executions);
      return b;
    }
  }
  ADD_FAILURE() << "no bug of kind " << to_string(kind) << ": " << describe(r);
  return Bug{};
}

// Replays `bug`'s token on the same body and test name: the same kind, message and locations
// come back, with a trace.
inline Result expect_replays(const std::function<void()>& body, const std::string& name, const Bug& bug,
                             Options o = in_process()) {
  o.replay = bug.schedule;
  Result r = explore(body, o, name);
  EXPECT_EQ(r.verdict, Verdict::bug) << "replay of " << bug.schedule << ": " << describe(r);
  EXPECT_EQ(r.strategy, "replay");
  EXPECT_EQ(r.executions, 1U);
  if (r.bugs.empty()) {
    ADD_FAILURE() << "the replay found no bug";
    return r;
  }
  const Bug& again = r.bugs.front();
  EXPECT_EQ(again.kind, bug.kind) << again.message;
  EXPECT_EQ(again.message, bug.message);
  EXPECT_EQ(again.locations, bug.locations);
  EXPECT_EQ(again.schedule, bug.schedule);
  EXPECT_FALSE(again.trace.empty()) << "a replay records the trace";
  return r;
}

// Explores in process; on a bug of `kind`, checks that the token replays it and returns it.
inline Bug find_and_replay(const std::function<void()>& body, const std::string& name, BugKind kind,
                           Options o = in_process()) {
  Result r = explore(body, o, name);
  Bug b = bug_of(r, kind);
  if (!b.schedule.empty()) expect_replays(body, name, b, o);
  return b;
}

}  // namespace braid::test
