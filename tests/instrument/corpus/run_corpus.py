#!/usr/bin/env python3
"""Runs the corpus of unmodified C/C++ programs through `braid cc`/`braid c++` and `braid check`.

For each program (tests/instrument/corpus/*.c, *.cpp) it reads the expected verdict from the
header line `// expect: pass` or `// expect: <bug_kind>`, compiles it with Braid's
instrumentation into a temporary directory, explores it under dpor, pct and random, and checks
the JSON report: the verdict, and for a bug the kind of the first bug. Each bug's token is then
replayed (`--replay=TOKEN`) and must give the same kind back. An optional second header line
`// also: <kind>[, <kind>] (pct, random)` names other first bugs a sampling strategy may hit
first (a lock-order inversion's schedule may deadlock outright); dpor must find the expected
kind.

Prints one row per program and strategy; exits 1 on any mismatch, 2 on a usage error.

    python3 tests/instrument/corpus/run_corpus.py --braid build/bin/braid [--filter X]
"""
import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"data_race", "deadlock", "self_deadlock", "lock_order_inversion", "nonreentrant",
         "assertion_failure", "crash", "misuse", "livelock", "leaked_thread", "uncaught_exception"}
SAMPLING = ("pct", "random")
# why these budgets: dpor is exhaustive and the programs are small (it stops early on a bug, and
# is complete within the budget on most fixed twins); pct and random sample, and most corpus bugs
# need a few hundred schedules at most.
STRATEGIES = [
    ("dpor", ["--strategy=dpor", "--max-executions=5000"]),
    ("pct", ["--strategy=pct", "--max-executions=500", "--seed=1"]),
    ("random", ["--strategy=random", "--max-executions=500", "--seed=1"]),
]
# why this long: a loaded machine (or a sanitizer build) runs dpor's 5000 executions at a few
# dozen a second; a hung execution is stopped by braid check's own watchdog much sooner.
TIMEOUT_S = 1200


class Program:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.cxx = path.endswith(".cpp")
        with open(path, encoding="utf-8") as f:
            head = [f.readline() for _ in range(2)]
        m = re.match(r"//\s*expect:\s*(\S+)", head[0])
        if not m or (m.group(1) != "pass" and m.group(1) not in KINDS):
            raise ValueError(f"{self.name}: first line must be '// expect: pass' or '// expect: <bug_kind>'")
        self.expect = m.group(1)
        self.also = {}
        m = re.match(r"//\s*also:\s*([\w, ]+?)\s*\(([\w, ]+)\)", head[1])
        if m:
            kinds = {k.strip() for k in m.group(1).split(",")}
            for strategy in (s.strip() for s in m.group(2).split(",")):
                self.also[strategy] = kinds

    def accepted(self, strategy):
        return {self.expect} | self.also.get(strategy, set())


def compile_program(braid, prog, out_dir):
    exe = os.path.join(out_dir, os.path.splitext(prog.name)[0])
    driver = "c++" if prog.cxx else "cc"
    flags = ["-std=c++20"] if prog.cxx else []
    cmd = [braid, driver, *flags, "-g", "-O1", prog.path, "-o", exe]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    if proc.returncode != 0:
        return None, f"`{' '.join(cmd)}` exited {proc.returncode}: {(proc.stderr or proc.stdout).strip()[:300]}"
    return exe, ""


def check(braid, exe, args, out_dir, tag):
    """Runs `braid check` with a JSON report; returns (exit code, the report's one test or None, why)."""
    report = os.path.join(out_dir, f"{tag}.json")
    if os.path.exists(report):
        os.remove(report)
    cmd = [braid, "check", exe, *args, "--report=json", f"--output={report}"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, None, f"timed out after {TIMEOUT_S} s"
    if not os.path.exists(report):
        return proc.returncode, None, f"no report (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[:300]}"
    with open(report, encoding="utf-8") as f:
        data = json.load(f)
    tests = data.get("tests", [])
    if len(tests) != 1:
        return proc.returncode, None, f"the report holds {len(tests)} tests, not 1"
    return proc.returncode, tests[0], ""


def judge(prog, strategy, rc, test):
    """Returns '' when the run matches the program's header, else why not."""
    verdict = test.get("verdict")
    bugs = test.get("bugs", [])
    if prog.expect == "pass":
        if verdict != "pass" or bugs or rc != 0:
            kinds = ", ".join(b.get("kind", "?") for b in bugs)
            return f"expected pass, got {verdict} (exit {rc}) {kinds} {test.get('error', '')}".strip()
        return ""
    if verdict != "bug" or rc != 1 or not bugs:
        return f"expected bug {prog.expect}, got {verdict} (exit {rc}) {test.get('error', '')}".strip()
    first = bugs[0].get("kind")
    if first not in prog.accepted(strategy):
        return f"expected {prog.expect}, first bug is {first}: {bugs[0].get('message', '')[:200]}"
    return ""


def replay_all(braid, exe, test, out_dir, tag):
    """Replays every bug's token; returns '' or why one did not give its kind back."""
    for i, bug in enumerate(test.get("bugs", [])):
        token = bug.get("schedule", "")
        if not token:
            return f"bug {i + 1} ({bug.get('kind')}) has no token"
        rc, again, why = check(braid, exe, [f"--replay={token}"], out_dir, f"{tag}-replay{i}")
        if again is None:
            return f"replay of {token}: {why}"
        kinds = [b.get("kind") for b in again.get("bugs", [])]
        if again.get("verdict") != "bug" or bug.get("kind") not in kinds:
            return f"replay of {token} gave {again.get('verdict')} {kinds}, not {bug.get('kind')}"
    return ""


def run_program(braid, prog, out_dir, rows):
    exe, why = compile_program(braid, prog, out_dir)
    if exe is None:
        rows.append((prog.name, "-", prog.expect, "compile failed", why))
        return
    for strategy, args in STRATEGIES:
        tag = f"{os.path.splitext(prog.name)[0]}-{strategy}"
        rc, test, why = check(braid, exe, args, out_dir, tag)
        got = "-" if test is None else (test.get("bugs") or [{}])[0].get("kind", test.get("verdict", "?"))
        if test is None:
            rows.append((prog.name, strategy, prog.expect, got, why))
            continue
        why = judge(prog, strategy, rc, test) or replay_all(braid, exe, test, out_dir, tag)
        rows.append((prog.name, strategy, prog.expect, got, why))


def print_table(rows):
    headers = ("program", "strategy", "expected", "got", "result")
    # why flatten: a compiler's or a traceback's lines would break the table's rows.
    table = [headers] + [(p, s, e, g, "ok" if not why else "MISMATCH: " + " ".join(why.split()))
                         for p, s, e, g, why in rows]
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    for r in table:
        print("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--braid", required=True, help="the braid driver (build/bin/braid)")
    ap.add_argument("--filter", default="*",
                    help="a program's file name, or a glob on file names (e.g. 'lock_order*'), or a part of one")
    ap.add_argument("--corpus", default=HERE, help="the folder of programs (default: this script's)")
    a = ap.parse_args()
    braid = os.path.abspath(a.braid)
    if not os.access(braid, os.X_OK):
        print(f"run_corpus: {a.braid} is not an executable", file=sys.stderr)
        return 2
    every = sorted(f for f in os.listdir(a.corpus) if f.endswith((".c", ".cpp")))
    # why an exact name first: "lock_order.c" is also a part of "cpp_lock_order.cpp" (CTest runs
    # one program per entry by its file name).
    pattern = a.filter if any(c in a.filter for c in "*?[") else f"*{a.filter}*"
    files = [a.filter] if a.filter in every else [f for f in every if fnmatch.fnmatch(f, pattern)]
    if not files:
        print(f"run_corpus: no program matches {a.filter!r}", file=sys.stderr)
        return 2
    try:
        programs = [Program(os.path.join(a.corpus, f)) for f in files]
    except ValueError as e:
        print(f"run_corpus: {e}", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory(prefix="braid-corpus-") as out_dir:
        for prog in programs:
            run_program(braid, prog, out_dir, rows)
    print_table(rows)
    bad = sum(1 for r in rows if r[4])
    print(f"{len(programs)} programs, {len(rows)} runs, {bad} mismatch{'es' if bad != 1 else ''}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
