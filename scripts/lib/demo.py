#!/usr/bin/env python3
"""scripts/demo's table: runs each example test binary with --report=json and compares the
verdicts with examples/<name>/expected.txt."""
import json
import os
import subprocess
import sys
import tempfile


def expectations(examples_dir):
    for name in sorted(os.listdir(examples_dir)):
        path = os.path.join(examples_dir, name, "expected.txt")
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                fields = line.split()
                if fields:
                    # After the test and its verdict: the bug kind, and flags for the binary.
                    kinds = [x for x in fields[2:] if not x.startswith("--")]
                    flags = [x for x in fields[2:] if x.startswith("--")]
                    yield name, fields[0], fields[1], (kinds[0] if kinds else ""), flags


def run(binary, test, flags):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.json")
        subprocess.run([binary, f"--filter={test}", *flags, "--report=json", f"--output={out}", "--no-progress"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        if not os.path.exists(out):
            return None
        with open(out, encoding="utf-8") as f:
            return json.load(f)["tests"][0]


def main():
    examples_dir, bin_dir = sys.argv[1], sys.argv[2]
    rows = [("test", "expected", "found", "bug kind", "executions", "time")]
    mismatches = 0
    for name, test, verdict, kind, flags in expectations(examples_dir):
        t = run(os.path.join(bin_dir, name), test, flags)
        expected = verdict + (f" ({kind})" if kind else "")
        if t is None:
            rows.append((test, expected, "error", "-", "-", "-"))
            mismatches += 1
            continue
        kinds = [b["kind"] for b in t["bugs"]]
        found_kind = kind if kind in kinds else (kinds[0] if kinds else "")
        found = t["verdict"] + (f" ({found_kind})" if found_kind else "")
        if t["verdict"] != verdict or (kind and kind not in kinds):
            mismatches += 1
            found += "  <-- MISMATCH"
        executions = f"{t['executions']}" + ("" if t["complete"] or t["verdict"] == "bug" else "+")
        rows.append((test, expected, found, found_kind or "-", executions, f"{t['elapsed_s']:.3f} s"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, r in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    total = len(rows) - 1
    print(f"\n{total - mismatches} of {total} example tests gave the expected verdict.")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
