#!/usr/bin/env python3
"""Golden tests of `braid lint`: runs the real driver on the small programs in inputs/ and checks
its findings against the `// expect: CHECK "part of the message" ...` comments on their lines
(a file without one must come out clean), then the text and SARIF formats, the exit codes and
the ways to give compiler flags (-p BUILD_DIR, -- ARGS, the defaults).

Usage: run_lint_tests.py --braid BUILD/bin/braid [unittest options, e.g. -k sarif -v]
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import unittest

BRAID = ""
HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "inputs")
CHECKS = ["nonreentrant", "signal-unsafe", "mixed-locking", "lock-order"]
EXPECT = re.compile(r'//\s*expect:\s*(\S+)((?:\s+"[^"]*")*)')
# Files that are inputs of the exit-code tests, not golden cases.
NOT_GOLDEN = {"compile_error.c"}


def lint(*args, cwd=INPUTS):
    return subprocess.run([BRAID, "lint", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def explain(proc):
    return (f"\n$ {shlex.join(proc.args)}\nexit {proc.returncode}\n--- stdout ---\n{proc.stdout}"
            f"--- stderr ---\n{proc.stderr}")


def expectations(name):
    """[(line, check, [message parts])] from the file's `// expect:` comments."""
    found = []
    with open(os.path.join(INPUTS, name), encoding="utf-8") as f:
        for number, text in enumerate(f, start=1):
            m = EXPECT.search(text)
            if m:
                found.append((number, m.group(1), re.findall(r'"([^"]*)"', m.group(2))))
    return found


def golden_cases():
    return sorted(n for n in os.listdir(INPUTS) if n.endswith((".c", ".cpp")) and n not in NOT_GOLDEN)


def version():
    out = subprocess.run([BRAID, "--version"], capture_output=True, text=True, check=True).stdout
    return out.split()[-1]


class LintCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def expect_exit(self, proc, code):
        self.assertEqual(proc.returncode, code, explain(proc))

    def sarif(self, *args):
        """Runs with --format=sarif -o FILE; returns (process, parsed report)."""
        out = os.path.join(self.tmp, "lint.sarif")
        proc = lint(*args, "--format=sarif", "-o", out)
        self.assertEqual(proc.stdout, "", "the report went to -o, not stdout" + explain(proc))
        self.assertTrue(os.path.exists(out), "no SARIF file was written" + explain(proc))
        with open(out, encoding="utf-8") as f:
            return proc, json.load(f)


class Golden(LintCase):
    """Each input gives exactly the findings its `// expect:` comments name."""

    def test_inputs_give_their_expected_findings(self):
        self.assertGreaterEqual(len(golden_cases()), 9)
        for name in golden_cases():
            with self.subTest(name=name):
                expected = expectations(name)
                proc, report = self.sarif(name)
                self.expect_exit(proc, 1 if expected else 0)
                results = report["runs"][0]["results"]
                got = sorted((r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"])
                             for r in results)
                self.assertEqual(got, sorted((line, check) for line, check, _ in expected),
                                 json.dumps(results, indent=1))
                for line, check, parts in expected:
                    message = next(r["message"]["text"] for r in results
                                   if r["ruleId"] == check
                                   and r["locations"][0]["physicalLocation"]["region"]["startLine"] == line)
                    for part in parts:
                        self.assertIn(part, message, f"{name}:{line}")

    def test_every_check_has_a_flagged_and_a_clean_case(self):
        flagged = {check for name in golden_cases() for _, check, _ in expectations(name)}
        self.assertEqual(flagged, set(CHECKS))
        clean = [name for name in golden_cases() if not expectations(name)]
        for twin in ["strtok_r_threads.c", "signal_flag.c", "always_locked.c", "lock_order_consistent.c"]:
            self.assertIn(twin, clean)


class Formats(LintCase):
    def test_text_is_compiler_style_with_a_versioned_summary(self):
        proc = lint("strtok_threads.c")
        self.expect_exit(proc, 1)
        lines = proc.stdout.splitlines()
        self.assertRegex(lines[0], r"^strtok_threads\.c:10:\d+: warning: \[nonreentrant\] worker calls strtok, "
                                   r"which keeps its position in a hidden static pointer \(use strtok_r\), and is "
                                   r"reachable from thread entries worker \(x2\)$")
        notes = [line for line in lines if ": note: " in line]
        self.assertEqual([n.split(":")[1] for n in notes], ["18", "19"], proc.stdout)
        self.assertTrue(all(n.endswith("thread entry worker started here") for n in notes), proc.stdout)
        self.assertEqual(lines[-1], f"braid lint {version()}: 1 warning (1 nonreentrant), 1 file analysed")

    def test_clean_text(self):
        proc = lint("strtok_r_threads.c", "lock_order_consistent.c")
        self.expect_exit(proc, 0)
        self.assertEqual(proc.stdout, f"braid lint {version()}: no warnings, 2 files analysed\n")

    def test_sarif_is_2_1_0_with_rules_versions_and_locations(self):
        proc, report = self.sarif("lock_order_cycle.c")
        self.expect_exit(proc, 1)
        self.assertEqual(report["version"], "2.1.0")
        self.assertIn("sarif-2.1.0", report["$schema"])
        run = report["runs"][0]
        driver = run["tool"]["driver"]
        self.assertEqual(driver["name"], "braid lint")
        self.assertEqual(driver["version"], version())
        self.assertEqual([r["id"] for r in driver["rules"]], CHECKS)
        self.assertTrue(run["originalUriBaseIds"]["SRCROOT"]["uri"].startswith("file:///"))
        [result] = run["results"]
        self.assertEqual(result["ruleId"], "lock-order")
        self.assertEqual(driver["rules"][result["ruleIndex"]]["id"], "lock-order")
        self.assertEqual(result["level"], "warning")
        where = result["locations"][0]["physicalLocation"]
        self.assertEqual(where["artifactLocation"], {"uri": "lock_order_cycle.c", "uriBaseId": "SRCROOT"})
        self.assertEqual(where["region"]["startLine"], 11)
        # Both orders, each with where its first lock was taken and where the second was.
        related = sorted(loc["physicalLocation"]["region"]["startLine"] for loc in result["relatedLocations"])
        self.assertEqual(related, [10, 11, 19, 20])
        self.assertEqual([loc["id"] for loc in result["relatedLocations"]], [1, 2, 3, 4])

    def test_text_output_file(self):
        out = os.path.join(self.tmp, "lint.txt")
        proc = lint("signal_printf.c", "-o", out)
        self.expect_exit(proc, 1)
        self.assertEqual(proc.stdout, "")
        with open(out, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("signal_printf.c:8:3: warning: [signal-unsafe] signal handler on_interrupt calls printf, "
                      "which is not async-signal-safe", text)
        self.assertEqual(os.listdir(self.tmp), ["lint.txt"], "a temporary file was left behind")


class Flags(LintCase):
    def test_compile_database(self):
        source = os.path.join(INPUTS, "strtok_threads.c")
        db = [{"directory": INPUTS, "file": source, "arguments": ["cc", "-std=c11", "-c", source]}]
        with open(os.path.join(self.tmp, "compile_commands.json"), "w", encoding="utf-8") as f:
            json.dump(db, f)
        proc, report = self.sarif("strtok_threads.c", "-p", self.tmp)
        self.expect_exit(proc, 1)
        self.assertEqual([r["ruleId"] for r in report["runs"][0]["results"]], ["nonreentrant"])
        # A file the database does not list borrows the flags of the nearest one it does.
        inferred = lint("mixed_locking.c", "-p", self.tmp)
        self.expect_exit(inferred, 1)
        self.assertIn("[mixed-locking]", inferred.stdout)
        with open(os.path.join(self.tmp, "compile_commands.json"), "w", encoding="utf-8") as f:
            json.dump([], f)
        empty = lint("mixed_locking.c", "-p", self.tmp)
        self.expect_exit(empty, 2)
        self.assertIn("no compile command for mixed_locking.c", empty.stderr)

    def test_compiler_arguments(self):
        proc = lint("threads_cxx.cpp", "--", "-std=c++20", "-DUNUSED=1")
        self.expect_exit(proc, 1)
        self.assertIn("4 warnings", proc.stdout)
        # Arguments replace the defaults: C++17 has no std::jthread, so the file does not compile.
        old = lint("threads_cxx.cpp", "--", "-std=c++17")
        self.expect_exit(old, 2)
        self.assertIn("threads_cxx.cpp does not compile", old.stderr)

    def test_unfollowed_thread_entry_is_named_on_stderr(self):
        proc = lint("thread_pointer.c")
        self.expect_exit(proc, 1)
        self.assertEqual(proc.stderr, "braid lint: thread_pointer.c:14:3: a thread starts on a function the lint "
                                      "cannot name (a pointer?); what it runs is not checked as a thread entry\n")

    def test_help_names_the_defaults(self):
        proc = lint("--help")
        self.expect_exit(proc, 0)
        for text in ["-p,--build-dir", "--format", "-std=c11", "-std=c++20", "Exit codes"]:
            self.assertIn(text, proc.stdout)


class ExitCodes(LintCase):
    def expect_usage_error(self, proc, message):
        self.expect_exit(proc, 2)
        self.assertIn(message, proc.stderr)
        self.assertEqual(proc.stdout, "")
        for crash in ["Stack dump", "PLEASE submit", "Traceback", "terminate called"]:
            self.assertNotIn(crash, proc.stderr)

    def test_missing_file(self):
        self.expect_usage_error(lint("no_such_file.c"), "braid lint: cannot read no_such_file.c: no such file")

    def test_unknown_flag(self):
        self.expect_usage_error(lint("strtok_threads.c", "--bogus"), "braid lint: ")

    def test_no_file(self):
        self.expect_usage_error(lint(), "files is required")

    def test_compile_error(self):
        proc = lint("compile_error.c")
        self.expect_usage_error(proc, "braid lint: compile_error.c does not compile")
        self.assertIn("undeclared_variable", proc.stderr)  # clang's own diagnostic comes first

    def test_both_database_and_arguments(self):
        self.expect_usage_error(lint("strtok_threads.c", "-p", self.tmp, "--", "-std=c11"), "not both")

    def test_missing_database(self):
        self.expect_usage_error(lint("strtok_threads.c", "-p", self.tmp),
                                f"cannot read {self.tmp}/compile_commands.json: no such file")

    def test_unwritable_output(self):
        self.expect_usage_error(lint("strtok_threads.c", "-o", os.path.join(self.tmp, "no", "dir.txt")),
                                "cannot write")


def main():
    global BRAID
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--braid", required=True, help="the braid driver binary")
    args, rest = parser.parse_known_args()
    BRAID = os.path.abspath(args.braid)
    unittest.main(argv=[sys.argv[0], *rest])


if __name__ == "__main__":
    main()
