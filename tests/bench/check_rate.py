#!/usr/bin/env python3
"""Executions per second of `braid check` on an unmodified program, two ways in one run.

Builds tests/instrument/programs/perf_bank.c (52 lines) with `braid cc -O1`, then runs
`braid check PROG --strategy=random` with executions sharing one restored child process and
with BRAID_FORK_EACH=1 (a fork per execution), alternating, and prints a Markdown table with the
rate of each and their ratio. Timings are printed, never checked (docs/performance.md).

    python3 tests/bench/check_rate.py --braid build/bin/braid [--runs 3] [--executions 10000]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM = os.path.join(HERE, "..", "instrument", "programs", "perf_bank.c")


def rate(braid, prog, executions, fork_each):
    env = dict(os.environ)
    env.pop("BRAID_FORK_EACH", None)
    if fork_each:
        env["BRAID_FORK_EACH"] = "1"
    cmd = [braid, "check", prog, "--strategy=random", f"--max-executions={executions}", "--no-progress"]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600).stdout
    m = re.search(r"pass \((\d+) executions, ([\d.]+) s", out)
    if not m:
        raise RuntimeError(f"unexpected output of {' '.join(cmd)}:\n{out}")
    n, seconds = int(m.group(1)), float(m.group(2))
    return n, seconds, n / seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--braid", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--executions", type=int, default=10000, help="for the shared child (a tenth with a fork each)")
    a = ap.parse_args()
    braid = os.path.abspath(a.braid)
    with tempfile.TemporaryDirectory(prefix="braid-rate-") as scratch:
        prog = os.path.join(scratch, "perf_bank")
        subprocess.run([braid, "cc", "-O1", PROGRAM, "-o", prog], check=True)
        print("| run | shared child: executions, s, per s | a fork each: executions, s, per s | ratio |")
        print("|-----|------|------|------:|")
        for i in range(1, a.runs + 1):
            shared = rate(braid, prog, a.executions, False)
            forked = rate(braid, prog, max(1, a.executions // 10), True)
            print(f"| {i} | {shared[0]}, {shared[1]:.3f} s, {shared[2]:,.0f}/s "
                  f"| {forked[0]}, {forked[1]:.3f} s, {forked[2]:,.0f}/s | {shared[2] / forked[2]:.0f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
