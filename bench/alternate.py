#!/usr/bin/env python3
"""Times two commands alternately, run by run, and compares their medians.

    bench/alternate.py NAME OLD_COMMAND NEW_COMMAND [--prepare SHELL_COMMAND] [--runs N]

hyperfine times one command's runs in a block, then the other's: on a shared 2-core VM whose
speed drifts by 10-20% over a minute, the two blocks saw different machines (the same two
binaries came out +7% and +17% apart in two runs). Here each pair of runs is back to back, in
alternating order, so drift hits both sides alike; the medians resist the odd slow run.
Commands are split like a shell would but run without one; --prepare runs (through bash)
before every timed run, untimed.
"""
import argparse
import shlex
import statistics
import subprocess
import time


def timed(command, prepare):
    if prepare:
        subprocess.run(["bash", "-c", prepare], check=True)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--prepare")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    commands = {"old": shlex.split(args.old), "new": shlex.split(args.new)}
    times = {"old": [], "new": []}
    for run in range(args.warmup + args.runs):
        order = ("old", "new") if run % 2 == 0 else ("new", "old")
        for side in order:
            seconds = timed(commands[side], args.prepare)
            if run >= args.warmup:
                times[side].append(seconds * 1000)
    old, new = statistics.median(times["old"]), statistics.median(times["new"])
    ratios = [n / o for o, n in zip(times["old"], times["new"])]
    print(
        f"{args.name}: old {old:.1f} ms, new {new:.1f} ms (medians of {args.runs} alternated runs): "
        f"new/old {new / old:.3f}; median of the pairs' ratios {statistics.median(ratios):.3f}"
    )


if __name__ == "__main__":
    main()
