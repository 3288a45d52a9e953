#!/usr/bin/env python3
"""Unmodified programs under `braid cc` / `braid check`, as a user runs them.

Each case compiles programs from programs/ with `braid cc` or `braid c++` into a scratch folder,
runs `braid check` on them and asserts the verdict, the exit code, the kinds of the bugs found,
and that each bug's replay token gives the same bug back.
Usage: run_instrument.py --braid BUILD/bin/braid CASE
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


class Runner:
    def __init__(self, braid, scratch):
        self.braid = braid
        self.scratch = scratch

    def build(self, source):
        name, ext = os.path.splitext(source)
        out = os.path.join(self.scratch, name)
        driver = "c++" if ext == ".cpp" else "cc"
        cmd = [self.braid, driver, os.path.join(PROGRAMS, source), "-O1", "-o", out]
        r = subprocess.run(cmd, capture_output=True, text=True)
        expect(r.returncode == 0, f"{' '.join(cmd)} failed:\n{r.stderr}")
        return out

    def check(self, prog, *options, args=(), report="json"):
        cmd = [self.braid, "check", prog, f"--report={report}", "--no-progress", *options]
        if args:
            cmd += ["--", *args]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        print(f"$ {' '.join(cmd)}  -> exit {r.returncode}")
        if report != "json":
            return r, None
        try:
            test = json.loads(r.stdout)["tests"][0]
        except (ValueError, KeyError, IndexError) as e:
            raise Failure(f"no JSON report ({e}):\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}")
        return r, test

    def expect_pass(self, prog, *options, args=(), complete=True):
        r, t = self.check(prog, *options, args=args)
        expect(r.returncode == 0, f"exit {r.returncode}, expected 0:\n{r.stdout}{r.stderr}")
        expect(t["verdict"] == "pass" and t["complete"] == complete, f"expected a pass (complete: {complete}): {t}")
        expect(t["executions"] >= 1, "no execution ran")
        return t

    def expect_bug(self, prog, kinds, *options, args=()):
        """The run finds bugs of exactly `kinds` (a set), and each token replays to its bug."""
        r, t = self.check(prog, *options, args=args)
        expect(r.returncode == 1, f"exit {r.returncode}, expected 1:\n{r.stdout}{r.stderr}")
        expect(t["verdict"] == "bug", f"verdict {t['verdict']}")
        found = {b["kind"] for b in t["bugs"]}
        expect(found == set(kinds), f"bug kinds {found}, expected {set(kinds)}")
        for bug in t["bugs"]:
            expect(bug["schedule"].startswith("braid"), f"no token: {bug}")
            expect(bug["locations"] and bug["locations"][0]["line"] > 0, f"no source line: {bug}")
            self.expect_replay(prog, bug, args)
        return t

    def expect_replay(self, prog, bug, args):
        r, t = self.check(prog, f"--replay={bug['schedule']}", args=args)
        expect(r.returncode == 1, f"replay exit {r.returncode}:\n{r.stdout}{r.stderr}")
        same = [b for b in t["bugs"] if b["kind"] == bug["kind"] and b["locations"] == bug["locations"]]
        expect(same, f"replay of {bug['schedule']} gave {t['bugs']}, expected {bug['kind']} at {bug['locations']}")
        expect(same[0]["trace"], "a replay's bug carries its trace")


def case_lost_update(run):
    prog = run.build("lost_update.c")
    t = run.expect_bug(prog, {"data_race"})
    expect("lost_update.c:10" in t["bugs"][0]["message"], t["bugs"][0]["message"])
    # With --keep-going the run goes on past the race and finds the lost update's assertion.
    t = run.expect_bug(prog, {"data_race", "assertion_failure"}, "--keep-going")
    expect(t["complete"], "a keep-going dpor run of two increments completes")
    # Every strategy finds it.
    for strategy in ("dfs", "pct", "random"):
        run.expect_bug(prog, {"data_race"}, f"--strategy={strategy}", "--max-executions=200")
    # The text report, as a user reads it.
    r, _ = run.check(prog, report="text")
    expect(r.returncode == 1 and "[data_race]" in r.stdout and "replay: --replay=" in r.stdout, r.stdout)


def case_locked_update(run):
    prog = run.build("locked_update.c")
    run.expect_pass(prog)
    t = run.expect_pass(prog, "--strategy=dfs")
    expect(t["executions"] > 2, f"dfs runs every interleaving: {t['executions']}")


def case_thread_segfault(run):
    prog = run.build("thread_segfault.c")
    t = run.expect_bug(prog, {"crash"})
    expect("SIGSEGV" in t["bugs"][0]["message"], t["bugs"][0]["message"])
    expect(t["bugs"][0]["locations"][0]["file"].endswith("thread_segfault.c"), t["bugs"][0]["locations"])
    r, _ = run.check(prog, report="text")
    expect(r.returncode == 1 and "[crash]" in r.stdout, r.stdout)


def case_assert(run):
    prog = run.build("assert_order.c")
    t = run.expect_bug(prog, {"assertion_failure"})
    expect("done" in t["bugs"][0]["message"], t["bugs"][0]["message"])


def case_std_mutex(run):
    prog = run.build("std_mutex.cpp")
    run.expect_pass(prog)
    run.expect_bug(prog, {"data_race"}, args=["racy"])


def case_condvar(run):
    prog = run.build("condvar.cpp")
    run.expect_pass(prog)
    run.expect_bug(prog, {"assertion_failure"}, args=["if"])


def case_c11_threads(run):
    prog = run.build("c11_threads.c")
    run.expect_pass(prog, args=["locked"])
    run.expect_bug(prog, {"data_race"})


def case_posix_sync(run):
    prog = run.build("posix_sync.c")
    # Its full dpor search is 4,200 executions: a sample here, the bug under dpor below.
    t = run.expect_pass(prog, "--strategy=pct", "--max-executions=60", complete=False)
    expect(t["executions"] == 60, f"pct runs its budget: {t['executions']}")
    run.expect_bug(prog, {"assertion_failure"}, args=["skip-barrier"])


def case_perf_bank(run):
    prog = run.build("perf_bank.c")
    t = run.expect_pass(prog, "--strategy=random", "--max-executions=50", complete=False)
    expect(t["executions"] == 50, f"random runs its budget: {t['executions']}")


def case_fresh_state(run):
    """Executions share a process, each restored to the program's state at main, or fork one each."""
    prog = run.build("fresh_state.cpp")
    # why bounded: its whole dfs search is 28,627 executions, and a sanitizer build forks one each.
    t = run.expect_pass(prog, "--strategy=dfs", "--max-executions=400", complete=False)
    expect(t["executions"] == 400, f"dfs runs its budget: {t['executions']}")
    t = run.expect_pass(prog, "--strategy=random", "--max-executions=300", complete=False)
    expect(t["executions"] == 300, f"random runs its budget: {t['executions']}")
    os.environ["BRAID_FORK_EACH"] = "1"
    try:
        t = run.expect_pass(prog, "--strategy=random", "--max-executions=20", complete=False)
    finally:
        del os.environ["BRAID_FORK_EACH"]
    # A crash kills the child that runs the executions: the next one forks a new child.
    crash = run.build("thread_segfault.c")
    run.expect_bug(crash, {"crash"}, "--keep-going", "--strategy=dfs")


def case_pipe_read(run):
    prog = run.build("pipe_read.c")
    r, t = run.check(prog, "--hang-timeout=1")
    expect(r.returncode == 0 and t["verdict"] == "pass", f"exit {r.returncode}: {r.stdout}{r.stderr}")
    expect("warning: read() of a pipe or socket called at pipe_read.c:13" in r.stderr, r.stderr)
    r, t = run.check(prog, "--hang-timeout=1", args=["block"])
    expect(r.returncode == 1 and [b["kind"] for b in t["bugs"]] == ["livelock"], f"{r.stdout}{r.stderr}")
    expect("without reaching a scheduling point" in t["bugs"][0]["message"], t["bugs"][0]["message"])
    r2, t2 = run.check(prog, "--hang-timeout=1", f"--replay={t['bugs'][0]['schedule']}", args=["block"])
    expect(r2.returncode == 1 and [b["kind"] for b in t2["bugs"]] == ["livelock"], f"replay: {r2.stdout}{r2.stderr}")


def case_not_instrumented(run):
    plain = os.path.join(run.scratch, "plain")
    subprocess.run(["cc", os.path.join(PROGRAMS, "lost_update.c"), "-pthread", "-o", plain], check=True)
    r = subprocess.run([run.braid, "check", plain], capture_output=True, text=True)
    expect(r.returncode == 2 and "braid cc" in r.stderr, f"exit {r.returncode}: {r.stderr}")
    r = subprocess.run([run.braid, "check", os.path.join(run.scratch, "missing")], capture_output=True, text=True)
    expect(r.returncode == 2 and "cannot run" in r.stderr, f"exit {r.returncode}: {r.stderr}")
    # Built with braid cc but run directly, the program runs as usual.
    prog = run.build("locked_update.c")
    r = subprocess.run([prog], capture_output=True, text=True)
    expect(r.returncode == 0, f"direct run exit {r.returncode}: {r.stderr}")


CASES = {
    "lost_update": case_lost_update,
    "locked_update": case_locked_update,
    "thread_segfault": case_thread_segfault,
    "assert": case_assert,
    "std_mutex": case_std_mutex,
    "condvar": case_condvar,
    "c11_threads": case_c11_threads,
    "posix_sync": case_posix_sync,
    "perf_bank": case_perf_bank,
    "fresh_state": case_fresh_state,
    "pipe_read": case_pipe_read,
    "not_instrumented": case_not_instrumented,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--braid", required=True)
    ap.add_argument("case", choices=sorted(CASES))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="braid-instrument-") as scratch:
        try:
            CASES[a.case](Runner(os.path.abspath(a.braid), scratch))
        except (Failure, subprocess.TimeoutExpired) as e:
            print(f"FAIL {a.case}: {e}")
            return 1
    print(f"ok {a.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
