#!/usr/bin/env python3
"""Runs one test of a Braid test binary and checks its verdict (a CTest entry per example test).

For a bug it also replays the first bug's token and checks that the replay reports the same kind
at the same source lines. For a pass it checks that the exploration was complete, or, when the
extra flags bound it with --max-executions=N, that it ran all N executions.
Exit 0 when everything matches; otherwise prints what differed and exits 1.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def run(binary, args):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "report.json")
        proc = subprocess.run([binary, *args, "--report=json", f"--output={out}", "--no-progress"],
                              capture_output=True, text=True, timeout=600)
        report = None
        if os.path.exists(out):
            with open(out, encoding="utf-8") as f:
                report = json.load(f)
        return proc, report


def fail(message, proc=None):
    print(f"FAIL: {message}")
    if proc is not None:
        print("--- stdout ---\n" + proc.stdout + "--- stderr ---\n" + proc.stderr)
    sys.exit(1)


def lines_of(bug):
    return sorted((os.path.basename(l["file"]), l["line"]) for l in bug["locations"])


def max_executions(extra):
    """The N of a --max-executions=N among the extra flags, or None."""
    for flag in extra:
        if flag.startswith("--max-executions="):
            return int(flag.split("=", 1)[1])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--verdict", required=True, choices=["pass", "bug"])
    ap.add_argument("--kind")
    ap.add_argument("--extra", action="append", default=[], help="extra flag for the binary")
    a = ap.parse_args()

    proc, report = run(a.binary, [f"--filter={a.test}", *a.extra])
    if report is None:
        fail("no JSON report was written", proc)
    tests = report["tests"]
    if len(tests) != 1 or tests[0]["name"] != a.test:
        fail(f"expected exactly the test {a.test} in the report", proc)
    t = tests[0]
    want_rc = 0 if a.verdict == "pass" else 1
    if proc.returncode != want_rc:
        fail(f"exit code {proc.returncode}, expected {want_rc}", proc)
    if t["verdict"] != a.verdict:
        fail(f"verdict {t['verdict']}, expected {a.verdict}", proc)
    if a.verdict == "pass":
        bound = max_executions(a.extra)
        if t["complete"]:
            print(f"ok: {a.test} pass, {t['executions']} executions, complete")
        elif bound is not None and t["executions"] == bound:
            print(f"ok: {a.test} pass, {t['executions']} executions, bounded by --max-executions")
        else:
            fail("a passing run should be complete, or stop at its --max-executions bound", proc)
        return
    kinds = [b["kind"] for b in t["bugs"]]
    if a.kind and a.kind not in kinds:
        fail(f"bug kinds {kinds}, expected {a.kind}", proc)
    bug = next(b for b in t["bugs"] if not a.kind or b["kind"] == a.kind)
    proc2, replayed = run(a.binary, [f"--replay={bug['schedule']}"])
    if replayed is None or proc2.returncode != 1:
        fail(f"replay exited {proc2.returncode}, expected 1", proc2)
    rbugs = replayed["tests"][0]["bugs"]
    if not rbugs or rbugs[0]["kind"] != bug["kind"] or lines_of(rbugs[0]) != lines_of(bug):
        fail(f"replay reported {rbugs[:1]}, expected kind {bug['kind']} at {lines_of(bug)}", proc2)
    if not rbugs[0]["trace"]:
        fail("the replay has no trace", proc2)
    print(f"ok: {a.test} {bug['kind']} after {t['executions']} executions; replay reproduces it")


if __name__ == "__main__":
    main()
