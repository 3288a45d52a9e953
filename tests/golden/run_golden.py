#!/usr/bin/env python3
"""Golden tests: runs the example binaries and golden_programs as a user would, and checks exit
codes, text and JSON reports, replay round trips, usage errors and the BRAID_* environment twins.

Usage: run_golden.py --bin BUILD/bin [unittest options, e.g. -k replay -v]
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

BIN = ""

# The example tests that must pass, completely, with a stable execution count.
PASSING = [
    ("bank_account", "bank_account.locked"),
    ("lock_order", "lock_order.ordered"),
    ("relock", "relock.recursive"),
    ("check_then_act", "check_then_act.fixed"),
    ("condition_wait", "condition_wait.predicate"),
    ("dining_philosophers", "dining_philosophers.ordered"),
]


def clean_env(extra=None):
    """The caller's environment without BRAID_* variables (they would change what runs)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRAID_")}
    env.update(extra or {})
    return env


def run(program, *args, env=None, timeout=120):
    return subprocess.run([os.path.join(BIN, program), *args], capture_output=True, text=True,
                          env=clean_env(env), timeout=timeout)


def explain(proc):
    return (f"\n$ {' '.join(proc.args)}\nexit {proc.returncode}\n--- stdout ---\n{proc.stdout}"
            f"--- stderr ---\n{proc.stderr}")


def lines_of(bug):
    """The (basename, line) pairs of a bug's locations, sorted."""
    return sorted((os.path.basename(loc["file"]), loc["line"]) for loc in bug["locations"])


class GoldenCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def expect_exit(self, proc, code):
        self.assertEqual(proc.returncode, code, explain(proc))

    def json_run(self, program, *args, env=None):
        """Runs with --report=json --output=FILE; returns (process, report)."""
        out = os.path.join(self.tmp, "report.json")
        if os.path.exists(out):
            os.remove(out)
        proc = run(program, *args, "--report=json", f"--output={out}", env=env)
        self.assertTrue(os.path.exists(out), "no JSON report was written" + explain(proc))
        with open(out, encoding="utf-8") as f:
            return proc, json.load(f)

    def stdout_json(self, proc):
        try:
            return json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            self.fail(f"stdout is not JSON ({e})" + explain(proc))

    def check_schema(self, report):
        self.assertEqual(report["tool"], "braid")
        self.assertIsInstance(report["version"], str)
        self.assertRegex(report["version"], r"^\d+\.\d+\.\d+")
        self.assertIsInstance(report["tests"], list)
        for t in report["tests"]:
            self.assertIsInstance(t["name"], str)
            self.assertIn(t["verdict"], ("pass", "bug", "error"))
            self.assertIsInstance(t["complete"], bool)
            self.assertIsInstance(t["coverage"], str)
            self.assertTrue(t["coverage"].startswith("complete: " if t["complete"] else "not complete: "), t)
            self.assertIsInstance(t["executions"], int)
            self.assertIsInstance(t["elapsed_s"], (int, float))
            self.assertGreaterEqual(t["elapsed_s"], 0)
            self.assertIsInstance(t["strategy"], str)
            self.assertIsInstance(t["bugs"], list)
            for b in t["bugs"]:
                self.assertIn(b["kind"], ("data_race", "deadlock", "self_deadlock", "lock_order_inversion",
                                          "nonreentrant", "assertion_failure", "crash", "uncaught_exception",
                                          "misuse", "livelock", "leaked_thread"))
                self.assertIsInstance(b["message"], str)
                self.assertTrue(b["message"])
                self.assertIsInstance(b["schedule"], str)
                self.assertTrue(b["schedule"].startswith("braid1."), b["schedule"])
                self.assertIsInstance(b["locations"], list)
                for loc in b["locations"]:
                    self.assertIsInstance(loc["file"], str)
                    self.assertIsInstance(loc["line"], int)
                    self.assertIsInstance(loc["function"], str)
                self.assertIsInstance(b["trace"], list)
                self.assertTrue(b["trace"], "every bug carries its trace")
                for step in b["trace"]:
                    self.assertIsInstance(step["thread"], int)
                    self.assertIsInstance(step["op"], str)
                    self.assertIsInstance(step["object"], str)
                    self.assertIsInstance(step["file"], str)
                    self.assertIsInstance(step["line"], int)


    def one_test(self, report, name):
        tests = report["tests"]
        self.assertEqual([t["name"] for t in tests], [name])
        return tests[0]

    def one_line_error(self, proc):
        """A usage error: exit 2 and exactly one line on stderr, with no crash or stack trace."""
        self.expect_exit(proc, 2)
        lines = proc.stderr.splitlines()
        self.assertEqual(len(lines), 1, "expected one line on stderr" + explain(proc))
        for noise in ("Traceback", "terminate called", "internal error", "Aborted", "what():"):
            self.assertNotIn(noise, proc.stderr)
        return lines[0]


class BankAccount(GoldenCase):
    """(a) a data race named at both lines, replayed from its token; (j) --keep-going."""

    def test_racy_reports_one_data_race_at_lines_10_and_11_and_replays_it(self):
        proc, report = self.json_run("bank_account", "--filter=bank_account.racy")
        self.expect_exit(proc, 1)
        t = self.one_test(report, "bank_account.racy")
        self.assertEqual(t["verdict"], "bug")
        self.assertEqual(len(t["bugs"]), 1, t["bugs"])
        bug = t["bugs"][0]
        self.assertEqual(bug["kind"], "data_race")
        self.assertEqual(len(bug["locations"]), 2, bug)
        self.assertEqual({os.path.basename(l["file"]) for l in bug["locations"]}, {"bank_account.cpp"})
        self.assertEqual(sorted(l["line"] for l in bug["locations"]), [10, 11])
        self.assertIn("balance", bug["message"])
        # The text report was printed too, with the token to copy.
        self.assertIn("[data_race]", proc.stdout)
        self.assertIn(f"--replay={bug['schedule']}", proc.stdout)

        replay = run("bank_account", f"--replay={bug['schedule']}")
        self.expect_exit(replay, 1)
        self.assertIn("[data_race]", replay.stdout)
        self.assertIn("bank_account.cpp:10", replay.stdout)
        self.assertIn("bank_account.cpp:11", replay.stdout)
        self.assertIn("trace:", replay.stdout, "a replay prints its trace" + explain(replay))
        self.assertIn("write", replay.stdout)

        rproc, rreport = self.json_run("bank_account", f"--replay={bug['schedule']}")
        self.expect_exit(rproc, 1)
        rt = self.one_test(rreport, "bank_account.racy")
        self.assertEqual(rt["strategy"], "replay")
        self.assertEqual(rt["bugs"][0]["kind"], "data_race")
        self.assertEqual(lines_of(rt["bugs"][0]), lines_of(bug))
        self.assertTrue(rt["bugs"][0]["trace"], "the replayed bug has a trace")

    def test_keep_going_reports_the_race_and_the_lost_update(self):
        proc, report = self.json_run("bank_account", "--filter=bank_account.racy", "--keep-going")
        self.expect_exit(proc, 1)
        t = self.one_test(report, "bank_account.racy")
        kinds = {b["kind"] for b in t["bugs"]}
        self.assertIn("data_race", kinds)
        self.assertIn("assertion_failure", kinds)
        self.assertTrue(t["complete"], "keep-going covers every interleaving")
        lost = next(b for b in t["bugs"] if b["kind"] == "assertion_failure")
        self.assertIn("balance == 100", lost["message"])

    def test_keep_going_env_twin(self):
        proc, report = self.json_run("bank_account", env={"BRAID_FILTER": "bank_account.racy",
                                                          "BRAID_KEEP_GOING": "1"})
        self.expect_exit(proc, 1)
        kinds = {b["kind"] for b in self.one_test(report, "bank_account.racy")["bugs"]}
        self.assertEqual(kinds >= {"data_race", "assertion_failure"}, True, kinds)


class Deadlocks(GoldenCase):
    """(b) lock_order names both accounts and both threads, as an inversion and (explored on) as
    the deadlock it predicts; (c) relock is a self_deadlock."""

    def test_lock_order_inverted_names_both_mutexes_and_threads(self):
        proc = run("lock_order", "--filter=lock_order.inverted", "--keep-going")
        self.expect_exit(proc, 1)
        for word in ("checking", "savings", "thread 1", "thread 2", "[lock_order_inversion]", "[deadlock]"):
            self.assertIn(word, proc.stdout, explain(proc))

    def test_relock_mutex_is_a_self_deadlock(self):
        proc, report = self.json_run("relock", "--filter=relock.mutex")
        self.expect_exit(proc, 1)
        t = self.one_test(report, "relock.mutex")
        self.assertEqual([b["kind"] for b in t["bugs"]], ["self_deadlock"])
        self.assertIn("inventory_lock", t["bugs"][0]["message"])
        self.assertIn("[self_deadlock]", proc.stdout)


class PassingExamples(GoldenCase):
    """(d) every fixed example passes, completely, with the same count every run."""

    def test_fixed_examples_pass_completely_and_repeatably(self):
        for program, name in PASSING:
            with self.subTest(test=name):
                counts = []
                for _ in range(2):
                    proc = run(program, f"--filter={name}", "--report=json")
                    self.expect_exit(proc, 0)
                    t = self.one_test(self.stdout_json(proc), name)
                    self.assertEqual(t["verdict"], "pass")
                    self.assertIs(t["complete"], True)
                    self.assertEqual(t["bugs"], [])
                    self.assertGreater(t["executions"], 0)
                    counts.append(t["executions"])
                self.assertEqual(counts[0], counts[1], f"{name}: execution counts differ between runs")


class Replay(GoldenCase):
    """(e) bad tokens are input errors."""

    def bank_token(self):
        _, report = self.json_run("bank_account", "--filter=bank_account.racy")
        return report["tests"][0]["bugs"][0]["schedule"]

    def test_garbage_token_is_a_one_line_usage_error(self):
        line = self.one_line_error(run("bank_account", "--replay=garbage"))
        self.assertIn("--replay", line)
        self.assertIn("not a Braid replay token", line)

    def test_damaged_token_is_a_one_line_usage_error(self):
        token = self.bank_token()
        damaged = token[:-1] + ("1" if token[-1] == "0" else "0")
        line = self.one_line_error(run("bank_account", f"--replay={damaged}"))
        self.assertIn("damaged", line)

    def test_token_of_another_test_is_a_usage_error(self):
        token = self.bank_token()
        line = self.one_line_error(run("lock_order", f"--replay={token}"))
        self.assertIn("another test", line)
        line = self.one_line_error(run("lock_order", "--filter=lock_order.inverted", f"--replay={token}"))
        self.assertIn("lock_order.inverted", line)

    def test_replay_env_twin(self):
        token = self.bank_token()
        proc = run("bank_account", env={"BRAID_REPLAY": token})
        self.expect_exit(proc, 1)
        self.assertIn("[data_race]", proc.stdout)
        self.assertIn("trace:", proc.stdout)


class Crash(GoldenCase):
    """(f) a crashing test is a reported bug; the binary itself does not die."""

    def test_null_deref_is_a_crash_with_a_token_that_replays(self):
        proc, report = self.json_run("golden_programs", "--filter=golden.null_deref")
        self.expect_exit(proc, 1)
        t = self.one_test(report, "golden.null_deref")
        self.assertEqual(t["verdict"], "bug")
        self.assertEqual([b["kind"] for b in t["bugs"]], ["crash"])
        bug = t["bugs"][0]
        self.assertIn("SIGSEGV", bug["message"])
        self.assertTrue(bug["schedule"].startswith("braid1."), bug)
        self.assertTrue(bug["trace"], "the crash comes with the trace of its schedule")
        self.assertIn("crash_program.cpp", {os.path.basename(l["file"]) for l in bug["locations"]})
        # The text report is printed as for any other bug: header, bug, token, summary.
        self.assertIn("golden.null_deref: BUG", proc.stdout, explain(proc))
        self.assertIn("[crash]", proc.stdout)
        self.assertIn(f"--replay={bug['schedule']}", proc.stdout)
        self.assertIn("1 test: 0 passed, 1 with bugs, 0 errors", proc.stdout)
        self.assertNotIn("Segmentation fault", proc.stderr)

        replay = run("golden_programs", f"--replay={bug['schedule']}")
        self.expect_exit(replay, 1)
        self.assertIn("[crash]", replay.stdout, explain(replay))
        self.assertIn("SIGSEGV", replay.stdout)
        self.assertIn("trace:", replay.stdout)

    def test_all_golden_programs_together(self):
        proc, report = self.json_run("golden_programs")
        self.expect_exit(proc, 1)
        by_name = {t["name"]: t for t in report["tests"]}
        self.assertEqual(set(by_name), {"golden.null_deref", "golden.throws", "golden.ok"})
        self.assertEqual([b["kind"] for b in by_name["golden.null_deref"]["bugs"]], ["crash"])
        throws = by_name["golden.throws"]["bugs"]
        self.assertEqual([b["kind"] for b in throws], ["uncaught_exception"])
        self.assertIn("golden: the disk is full", throws[0]["message"])
        self.assertIn("std::runtime_error", throws[0]["message"])
        ok = by_name["golden.ok"]
        self.assertEqual((ok["verdict"], ok["complete"], ok["bugs"]), ("pass", True, []))

    def test_ok_passes_without_isolation_too(self):
        proc = run("golden_programs", "--filter=golden.ok", "--no-isolation")
        self.expect_exit(proc, 0)
        self.assertIn("golden.ok: pass", proc.stdout)
        self.assertIn("complete", proc.stdout)


class Usage(GoldenCase):
    """(g) usage errors, (i) --list, (l) unwritable output, --help and --version."""

    def test_unknown_flag_is_a_one_line_usage_error(self):
        line = self.one_line_error(run("bank_account", "--frobnicate=3"))
        self.assertIn("--frobnicate", line)

    def test_bad_value_is_a_one_line_usage_error(self):
        line = self.one_line_error(run("bank_account", "--max-executions=lots"))
        self.assertIn("--max-executions", line)
        line = self.one_line_error(run("bank_account", env={"BRAID_MAX_EXECUTIONS": "lots"}))
        self.assertIn("BRAID_MAX_EXECUTIONS", line)

    def test_filter_matching_nothing_is_a_usage_error(self):
        line = self.one_line_error(run("bank_account", "--filter=nothing.here"))
        self.assertIn("nothing.here", line)

    def test_list_prints_the_test_names(self):
        proc = run("bank_account", "--list")
        self.expect_exit(proc, 0)
        self.assertEqual(proc.stdout.split(), ["bank_account.racy", "bank_account.locked"])
        proc = run("golden_programs", "--list", "--filter=golden.*-golden.ok")
        self.expect_exit(proc, 0)
        self.assertEqual(proc.stdout.split(), ["golden.null_deref", "golden.throws"])
        proc = run("relock", env={"BRAID_LIST": "1"})
        self.expect_exit(proc, 0)
        self.assertEqual(proc.stdout.split(), ["relock.mutex", "relock.recursive"])

    def test_output_in_a_missing_directory_is_a_clear_usage_error(self):
        missing = os.path.join(self.tmp, "no", "such", "dir", "r.json")
        proc = run("bank_account", "--filter=bank_account.locked", "--report=json", f"--output={missing}")
        line = self.one_line_error(proc)
        self.assertIn(missing, line)
        self.assertFalse(os.path.exists(missing))

    def test_help_and_version(self):
        proc = run("bank_account", "--help")
        self.expect_exit(proc, 0)
        for flag in ("--filter", "--replay", "--report", "--keep-going", "BRAID_FILTER", "Exit codes"):
            self.assertIn(flag, proc.stdout)
        proc = run("bank_account", "--version")
        self.expect_exit(proc, 0)
        self.assertRegex(proc.stdout.strip(), r"^braid \d+\.\d+\.\d+$")


class EnvironmentTwins(GoldenCase):
    """(h) BRAID_FILTER, BRAID_MAX_EXECUTIONS, BRAID_REPORT; the command line wins."""

    def test_filter_twin(self):
        proc = run("lock_order", "--report=json", env={"BRAID_FILTER": "lock_order.ordered"})
        self.expect_exit(proc, 0)
        self.one_test(self.stdout_json(proc), "lock_order.ordered")

    def test_max_executions_twin_stops_a_big_test_early(self):
        proc = run("dining_philosophers", "--filter=dining_philosophers.ordered", "--report=json",
                   env={"BRAID_MAX_EXECUTIONS": "5"})
        self.expect_exit(proc, 0)
        t = self.one_test(self.stdout_json(proc), "dining_philosophers.ordered")
        self.assertEqual(t["executions"], 5)
        self.assertIs(t["complete"], False)
        self.assertEqual(t["verdict"], "pass")

    def test_report_twin_prints_json(self):
        proc = run("relock", "--filter=relock.recursive", env={"BRAID_REPORT": "json"})
        self.expect_exit(proc, 0)
        report = self.stdout_json(proc)
        self.assertEqual(report["tool"], "braid")
        self.one_test(report, "relock.recursive")

    def test_command_line_wins_over_the_environment(self):
        proc = run("relock", "--filter=relock.recursive", "--report=json",
                   env={"BRAID_FILTER": "relock.mutex", "BRAID_REPORT": "text"})
        self.expect_exit(proc, 0)
        self.one_test(self.stdout_json(proc), "relock.recursive")


class ProgressAndCoverage(GoldenCase):
    """The live progress line (stderr only, never in a report) and the coverage line of reports."""

    WIDE = "progress.wide"  # far too many interleavings to finish: runs end on a bound

    def run_to_file(self, *args, env=None):
        """Runs golden_progress with stdout sent to a file; returns (process, stdout bytes)."""
        path = os.path.join(self.tmp, "stdout")
        with open(path, "wb") as out:
            # dfs: the lines below name the strategy, and progress.wide is too wide for dpor too.
            proc = subprocess.run([os.path.join(BIN, "golden_progress"), "--strategy=dfs", *args], stdout=out,
                                  stderr=subprocess.PIPE, env=clean_env(env), timeout=120)
        # why: bytes, decoded by hand: text mode would turn each '\r' into a newline.
        proc.stderr = proc.stderr.decode()
        proc.stdout = ""
        with open(path, "rb") as f:
            return proc, f.read()

    def expect_progress(self, proc):
        self.assertIn(f"\r\033[Kbraid: {self.WIDE}  dfs  ", proc.stderr)
        self.assertRegex(proc.stderr, r"[0-9,]+ executions  [0-9.]+[kM]?/s  0 bugs  [0-9.]+ s  ~\d+% \(est\. ")
        self.assertTrue(proc.stderr.endswith("\r\033[K"), "the line is cleared before the report"
                        + repr(proc.stderr[-80:]))

    def test_forced_progress_stays_out_of_the_json_report(self):
        proc, data = self.run_to_file("--progress", "--time-limit=1", "--report=json")
        self.expect_exit(proc, 0)
        self.expect_progress(proc)
        self.assertNotIn(b"\r", data)
        self.assertNotIn(b"\033", data)
        t = self.one_test(json.loads(data), self.WIDE)
        self.assertEqual(t["coverage"], f"not complete: {t['executions']} executions under dfs, "
                                        "stopped by --time-limit=1")

    def test_forced_progress_stays_out_of_text_reports_and_output_files(self):
        out = os.path.join(self.tmp, "report.json")
        proc, data = self.run_to_file("--time-limit=1", "--report=json", f"--output={out}",
                                      env={"BRAID_PROGRESS": "1", "CI": "true"})
        self.expect_exit(proc, 0)
        self.expect_progress(proc)
        self.assertNotIn(b"\r", data)
        self.assertIn(f"{self.WIDE}: pass (".encode(), data)
        with open(out, "rb") as f:
            report = f.read()
        self.assertNotIn(b"\r", report)
        self.check_schema(json.loads(report))

    def test_progress_without_isolation(self):
        proc, data = self.run_to_file("--progress", "--no-isolation", "--time-limit=1")
        self.expect_exit(proc, 0)
        self.expect_progress(proc)
        self.assertNotIn(b"\r", data)

    def test_no_progress_when_stderr_is_not_a_terminal_or_when_asked(self):
        for args in ((), ("--no-progress",), ("--progress", "--no-progress")):
            with self.subTest(args=args):
                proc, _ = self.run_to_file("--time-limit=0.6", *args)
                self.expect_exit(proc, 0)
                self.assertEqual(proc.stderr, "")
        proc, _ = self.run_to_file("--time-limit=0.6", env={"BRAID_PROGRESS": "0"})
        self.assertEqual(proc.stderr, "")

    def test_coverage_lines(self):
        cases = [
            (("--max-executions=500",), "not complete: 500 executions under dpor, stopped by --max-executions=500"),
            (("--strategy=dfs", "--max-executions=500"),
             "not complete: 500 executions under dfs, stopped by --max-executions=500"),
            (("--strategy=random", "--seed=7", "--max-executions=50"),
             "not complete: 50 executions under random (seed 7)"),
            (("--strategy=pct", "--seed=3", "--max-executions=40"),
             "not complete: 40 executions under pct depth 3 (seed 3)"),
            (("--strategy=pb", "--bound=0"), "not complete: 13 executions under pb bound 0"),
        ]
        for args, line in cases:
            with self.subTest(args=args):
                proc, report = self.json_run("golden_progress", *args)
                self.expect_exit(proc, 0)
                self.assertIn(f"\n  {line}\n", proc.stdout, explain(proc))
                self.assertEqual(self.one_test(report, self.WIDE)["coverage"], line)

    def test_complete_and_first_bug_coverage(self):
        proc = run("bank_account", "--filter=bank_account.locked", "--strategy=dfs")
        self.expect_exit(proc, 0)
        self.assertIn("\n  complete: every interleaving explored (118 executions, dfs)\n", proc.stdout)
        proc = run("bank_account", "--filter=bank_account.locked")
        self.expect_exit(proc, 0)
        self.assertIn("\n  complete: every trace explored (6 executions, dpor)\n", proc.stdout)
        proc = run("bank_account", "--filter=bank_account.racy")
        self.expect_exit(proc, 1)
        self.assertRegex(proc.stdout, r"\n  not complete: \d+ executions? under dpor, stopped at the first bug "
                                      r"\(--keep-going explores on\)\n")


class PctFindsTheExampleBugs(GoldenCase):
    """pct finds the lock_order and dining_philosophers deadlocks within 1,000 executions for seeds
    1..10 (docs/performance.md has the rates), and dpor, dfs and auto agree on them. The
    lock-order inversion each predicts comes first without --keep-going; with it, both."""

    CASES = [("lock_order", "lock_order.inverted"), ("dining_philosophers", "dining_philosophers.naive")]

    def test_ten_seeds_each(self):
        for program, test in self.CASES:
            for seed in range(1, 11):
                with self.subTest(program=program, seed=seed):
                    proc, report = self.json_run(program, f"--filter={test}", "--strategy=pct", f"--seed={seed}",
                                                 "--max-executions=1000", "--keep-going")
                    self.expect_exit(proc, 1)
                    t = self.one_test(report, test)
                    kinds = {b["kind"]: b for b in t["bugs"]}
                    self.assertEqual(set(kinds), {"lock_order_inversion", "deadlock"}, explain(proc))
                    self.assertLessEqual(kinds["deadlock"]["execution"], 1000)

    def test_every_exhaustive_strategy_agrees(self):
        for program, test in self.CASES:
            for strategy in ("dpor", "dfs", "auto"):
                with self.subTest(program=program, strategy=strategy):
                    proc, report = self.json_run(program, f"--filter={test}", f"--strategy={strategy}")
                    self.expect_exit(proc, 1)
                    kinds = [b["kind"] for b in self.one_test(report, test)["bugs"]]
                    self.assertEqual(kinds, ["lock_order_inversion"])
                    if strategy == "dfs" and program == "dining_philosophers":
                        continue  # why: 15,876 interleavings, slow in the sanitizer run; dpor covers it
                    proc, report = self.json_run(program, f"--filter={test}", f"--strategy={strategy}", "--keep-going")
                    self.expect_exit(proc, 1)
                    kinds = [b["kind"] for b in self.one_test(report, test)["bugs"]]
                    self.assertEqual(kinds, ["lock_order_inversion", "deadlock"])


class JsonSchema(GoldenCase):
    """(k) the JSON report has the fields and types of DESIGN.md's schema."""

    def test_reports_of_every_example_match_the_schema(self):
        for program in ("bank_account", "lock_order", "relock", "condition_wait", "leaked_thread"):
            with self.subTest(program=program):
                proc = run(program, "--report=json")
                self.assertIn(proc.returncode, (0, 1), explain(proc))
                report = self.stdout_json(proc)
                self.check_schema(report)
                self.assertTrue(report["tests"])

    def test_schema_in_the_output_file_and_in_a_replay(self):
        proc, report = self.json_run("lock_order", "--filter=lock_order.inverted")
        self.expect_exit(proc, 1)
        self.check_schema(report)
        t = report["tests"][0]
        self.assertEqual((t["verdict"], t["strategy"]), ("bug", "dpor"))
        token = t["bugs"][0]["schedule"]
        rproc, replayed = self.json_run("lock_order", f"--replay={token}")
        self.expect_exit(rproc, 1)
        self.check_schema(replayed)
        self.assertEqual(replayed["tests"][0]["bugs"][0]["kind"], "lock_order_inversion")

class Checkpoint(GoldenCase):
    """--checkpoint=FILE: a run stopped by SIGTERM saves its frontier; resumed, it ends as an
    uninterrupted run does (same executions, same bugs and tokens)."""

    def start(self, *args):
        return subprocess.Popen([os.path.join(BIN, "golden_checkpoint"), "--no-progress", "--report=json", *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env())

    def summary(self, report):
        t = report["tests"][0]
        return t["executions"], t["complete"], sorted((b["kind"], b["schedule"]) for b in t["bugs"])

    def interrupt_and_resume(self, strategy):
        args = [f"--filter=checkpoint.{strategy}", f"--strategy={strategy}", "--keep-going"]
        whole = run("golden_checkpoint", "--report=json", *args, timeout=300)
        self.expect_exit(whole, 1)
        executions, complete, bugs = self.summary(self.stdout_json(whole))
        self.assertTrue(complete)
        self.assertGreaterEqual(executions, 200000)
        self.assertEqual(len(bugs), 2)

        ckpt = os.path.join(self.tmp, "ckpt.json")
        proc = self.start(*args, f"--checkpoint={ckpt}")
        time.sleep(0.5)
        self.assertIsNone(proc.poll(), "the run ended before it could be interrupted")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        first = json.loads(out)["tests"][0]
        # Exit 1: bugs were found before the stop (0 when none were).
        self.assertEqual(proc.returncode, 1 if first["bugs"] else 0, err)
        self.assertFalse(first["complete"])
        self.assertLess(first["executions"], executions)
        self.assertRegex(first["coverage"], rf"^not complete: [0-9]+ executions under {strategy}, stopped by SIGTERM; "
                                            rf"resume with --checkpoint=")
        self.assertTrue(os.path.exists(ckpt), "no checkpoint was saved")

        resumed = run("golden_checkpoint", "--report=json", *args, f"--checkpoint={ckpt}", timeout=300)
        self.expect_exit(resumed, 1)
        report = self.stdout_json(resumed)
        self.assertEqual(self.summary(report), (executions, True, bugs))
        self.assertGreaterEqual(report["tests"][0]["elapsed_s"], first["elapsed_s"], "the elapsed time adds up")
        self.assertFalse(os.path.exists(ckpt), "a complete run removes its checkpoint")

    def test_dfs_interrupted_and_resumed_ends_as_an_uninterrupted_run(self):
        self.interrupt_and_resume("dfs")

    def test_dpor_interrupted_and_resumed_ends_as_an_uninterrupted_run(self):
        self.interrupt_and_resume("dpor")

    def test_a_resumed_run_does_not_report_a_race_twice(self):
        args = ["--filter=checkpoint.race", "--strategy=dfs", "--keep-going", "--report=json"]
        whole = run("golden_checkpoint", *args)
        self.expect_exit(whole, 1)
        executions, complete, bugs = self.summary(self.stdout_json(whole))
        self.assertTrue(bugs)
        ckpt = os.path.join(self.tmp, "ckpt.json")
        first = run("golden_checkpoint", *args, "--max-executions=2", f"--checkpoint={ckpt}")
        self.expect_exit(first, 1)
        self.assertTrue(self.stdout_json(first)["tests"][0]["bugs"], "the race is found in the first executions")
        resumed = run("golden_checkpoint", *args, f"--checkpoint={ckpt}")
        self.expect_exit(resumed, 1)
        self.assertEqual(self.summary(self.stdout_json(resumed)), (executions, complete, bugs))

    def test_a_damaged_checkpoint_is_a_one_line_error(self):
        ckpt = os.path.join(self.tmp, "ckpt.json")
        with open(ckpt, "w") as f:
            f.write("{not json")
        line = self.one_line_error(run("golden_checkpoint", "--filter=checkpoint.dfs", f"--checkpoint={ckpt}"))
        self.assertIn("is damaged", line)

    def test_a_checkpoint_of_other_options_or_tests_is_a_one_line_error(self):
        ckpt = os.path.join(self.tmp, "ckpt.json")
        proc = run("golden_checkpoint", "--filter=checkpoint.dfs", "--strategy=dfs", "--keep-going",
                   "--max-executions=10", f"--checkpoint={ckpt}")
        self.expect_exit(proc, 1)
        self.assertIn("stopped by --max-executions=10; resume with --checkpoint=", proc.stdout)
        line = self.one_line_error(run("golden_checkpoint", "--filter=checkpoint.dfs", "--strategy=pb",
                                       "--keep-going", f"--checkpoint={ckpt}"))
        self.assertIn("with --strategy=dfs, and this run has --strategy=pb", line)
        line = self.one_line_error(run("golden_checkpoint", "--filter=checkpoint.dpor", f"--checkpoint={ckpt}"))
        self.assertIn("was saved for other tests (checkpoint.dfs", line)

    def test_sigint_without_bugs_exits_0_and_says_how_to_resume(self):
        ckpt = os.path.join(self.tmp, "ckpt.json")
        proc = subprocess.Popen([os.path.join(BIN, "golden_progress"), "--strategy=dfs", "--no-progress",
                                 f"--checkpoint={ckpt}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=clean_env())
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, out + err)
        self.assertIn(f"stopped by SIGINT; resume with --checkpoint={ckpt}", out)
        self.assertTrue(os.path.exists(ckpt))


def bug_set(test):
    """The bugs of a test object as (kind, locations) pairs, sorted: what shards must agree on."""
    return sorted((b["kind"], tuple(lines_of(b))) for b in test["bugs"])


class ShardCase(GoldenCase):
    """--shard=K/N, braid merge and --jobs=N give the executions and bugs of one run."""

    def shard_reports(self, strategy, test, count, *extra, prefix="shard"):
        paths = []
        for k in range(count):
            path = os.path.join(self.tmp, f"{prefix}{k}.json")
            proc = run("golden_shard", f"--filter={test}", f"--strategy={strategy}", f"--shard={k}/{count}",
                       "--report=json", f"--output={path}", *extra)
            self.assertIn(proc.returncode, (0, 1), explain(proc))
            with open(path, encoding="utf-8") as f:
                report = json.load(f)
            self.assertEqual(report["shard"], f"{k}/{count}")
            self.check_schema(report)
            paths.append(path)
        return paths

    def merged(self, paths, *extra):
        out = os.path.join(self.tmp, "all.json")
        proc = run("braid", "merge", *paths, "-o", out, *extra)
        self.assertIn(proc.returncode, (0, 1), explain(proc))
        with open(out, encoding="utf-8") as f:
            report = json.load(f)
        self.check_schema(report)
        self.assertNotIn("shard", report)
        return proc, report

    def expect_same_as_one_run(self, strategy, test, *extra):
        _, one = self.json_run("golden_shard", f"--filter={test}", f"--strategy={strategy}", *extra)
        proc, merged = self.merged(self.shard_reports(strategy, test, 4, *extra))
        a, b = one["tests"][0], merged["tests"][0]
        self.assertEqual(b["executions"], a["executions"], strategy)
        self.assertEqual(b.get("pruned", 0), a.get("pruned", 0), strategy)
        self.assertEqual(b["complete"], a["complete"], strategy)
        self.assertEqual(b["verdict"], a["verdict"], strategy)
        self.assertEqual(bug_set(b), bug_set(a), strategy)
        self.expect_exit(proc, 1 if a["bugs"] else 0)
        return a, b

    def test_four_dfs_shards_merge_into_one_run(self):
        a, b = self.expect_same_as_one_run("dfs", "shard.racy", "--keep-going")
        self.assertEqual(a["executions"], 25424)
        self.assertEqual({k for k, _ in bug_set(a)}, {"data_race", "assertion_failure"})
        self.assertEqual(b["coverage"], "complete: every interleaving explored (25424 executions, dfs)")
        for bug in b["bugs"]:  # a token from a shard replays on its own, whatever --shard says
            proc, replayed = self.json_run("golden_shard", f"--replay={bug['schedule']}", "--shard=3/4")
            self.expect_exit(proc, 1)
            self.assertNotIn("shard", replayed)
            self.assertIn(bug["kind"], [x["kind"] for x in replayed["tests"][0]["bugs"]])

    def test_four_dpor_shards_merge_into_one_run(self):
        self.expect_same_as_one_run("dpor", "shard.racy", "--keep-going")
        a, _ = self.expect_same_as_one_run("dpor", "shard.lastzero12")
        self.assertEqual(a["executions"], 15360)

    def test_four_random_and_pb_shards_merge_into_one_run(self):
        a, _ = self.expect_same_as_one_run("random", "shard.racy", "--keep-going", "--max-executions=400", "--seed=3")
        self.assertEqual(a["executions"], 400)
        self.expect_same_as_one_run("pb", "shard.racy", "--keep-going")

    def test_merge_text_format(self):
        paths = self.shard_reports("dfs", "shard.racy", 2, "--keep-going")
        proc = run("braid", "merge", *paths, "--format=text")
        self.expect_exit(proc, 1)
        self.assertIn("complete: every interleaving explored (25424 executions, dfs)", proc.stdout)

    def test_merge_refuses_what_is_not_one_run(self):
        paths = self.shard_reports("dfs", "shard.racy", 2, "--keep-going")
        for args, words in ((paths[:1], "merge all 2 shards"), ([paths[0], paths[0]], "given twice"),
                            ([paths[0], os.path.join(self.tmp, "nope.json")], "cannot read")):
            proc = run("braid", "merge", *args)
            self.expect_exit(proc, 2)
            self.assertIn(words, proc.stderr)
            self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)
        other = self.shard_reports("dfs", "shard.racy", 2, "--keep-going", "--max-steps=999", prefix="other")
        proc = run("braid", "merge", paths[0], other[1])
        self.expect_exit(proc, 2)
        self.assertIn("different settings", proc.stderr)
        _, plain = self.json_run("golden_shard", "--filter=shard.racy", "--strategy=dpor")
        with open(os.path.join(self.tmp, "plain.json"), "w", encoding="utf-8") as f:
            json.dump(plain, f)
        proc = run("braid", "merge", os.path.join(self.tmp, "plain.json"), paths[1])
        self.expect_exit(proc, 2)
        self.assertIn("not the report of a shard", proc.stderr)

    def test_jobs_2_gives_the_executions_of_jobs_1(self):
        for strategy, test, extra in (("dfs", "shard.racy", ["--keep-going"]), ("dpor", "shard.lastzero12", []),
                                      ("dpor", "shard.racy", ["--keep-going"])):
            _, one = self.json_run("golden_shard", f"--filter={test}", f"--strategy={strategy}", "--jobs=1", *extra)
            _, two = self.json_run("golden_shard", f"--filter={test}", f"--strategy={strategy}", "--jobs=2", *extra)
            self.check_schema(two)
            a, b = one["tests"][0], two["tests"][0]
            self.assertEqual(b["executions"], a["executions"], strategy)
            self.assertGreaterEqual(a["executions"], 10000 if test == "shard.lastzero12" else 1)
            self.assertEqual(b["complete"], a["complete"])
            self.assertEqual(b["coverage"], a["coverage"])
            self.assertEqual(bug_set(b), bug_set(a), strategy)
        proc = run("golden_shard", "--jobs=2", "--shard=0/2")
        self.expect_exit(proc, 2)

    def test_driver_help_version_and_commands_to_come(self):
        self.expect_exit(run("braid", "--version"), 0)
        self.assertIn("merge", run("braid", "help").stdout)
        proc = run("braid", "report")
        self.expect_exit(proc, 2)
        self.assertIn("not implemented yet", proc.stderr)
        # `braid check` without a program is a usage error (tests/instrument covers the rest).
        self.expect_exit(run("braid", "check"), 2)
        # `braid lint` is implemented (tests/instrument/lint): without files it is a usage error.
        proc = run("braid", "lint")
        self.expect_exit(proc, 2)
        self.assertIn("braid lint: files is required", proc.stderr)
        self.expect_exit(run("braid", "frobnicate"), 2)
        self.expect_exit(run("braid"), 2)


def main():
    global BIN
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="the build's bin directory")
    args, rest = ap.parse_known_args()
    BIN = os.path.abspath(args.bin)
    missing = [p for p in ("bank_account", "lock_order", "relock", "check_then_act", "condition_wait",
                           "dining_philosophers", "leaked_thread", "golden_programs", "golden_progress",
                           "golden_checkpoint", "golden_shard", "braid")
               if not os.access(os.path.join(BIN, p), os.X_OK)]
    if missing:
        print(f"run_golden.py: not built in {BIN}: {', '.join(missing)}", file=sys.stderr)
        return 2
    program = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
