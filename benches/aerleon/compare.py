"""Run `zonec build` and Aerleon's `aclgen` on the same policy, alternately,
RUNS times each, and print the median, minimum and maximum of the wall time,
the CPU time (user + system, of the process and its waited-for children) and
the peak resident memory (ru_maxrss from wait4, which also counts the
children a process waited for: aclgen's renderer processes), and the ratio
Aerleon / zonec. Called by compare.sh; asserts nothing.

Usage: python3 compare.py ZONEC ACLGEN POLICY.zones AERLEON_DIR WORK_DIR RUNS
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def measure(args, log):
    """(wall seconds, CPU seconds, max RSS bytes, exit code) of one run of args."""
    with open(log, "wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, child.returncode


def tree_size(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file() and not f.is_symlink())


def spread(values, unit, scale, decimals):
    v = [x / scale for x in values]
    return f"{statistics.median(v):.{decimals}f} [{min(v):.{decimals}f}, {max(v):.{decimals}f}] {unit}"


def main():
    zonec, aclgen, policy, aerleon, work, runs = sys.argv[1:7]
    work, runs = Path(work), int(runs)
    tools = {
        "zonec build": lambda out: [zonec, "build", "--today", "2026-01-15", "--out", out, policy],
        "aerleon aclgen": lambda out: [
            aclgen,
            f"--base_directory={aerleon}/policies",
            f"--definitions_directory={aerleon}/def",
            f"--output_directory={out}",
        ],
    }
    results = {name: [] for name in tools}
    sizes = {}
    for n in range(runs):
        for name, command in tools.items():
            out = work / f"out-{name.split()[0]}-{n}"
            out.mkdir()
            wall, cpu, rss, code = measure(command(str(out)), work / f"{name.split()[0]}.log")
            results[name].append((wall, cpu, rss, code))
            sizes.setdefault(name, tree_size(out))
            print(f"  run {n + 1}/{runs} {name}: {wall:.3f} s, CPU {cpu:.3f} s, {rss / 2**20:.1f} MiB, exit {code}", flush=True)
    print()
    print(
        f"{'tool':<15} {'wall: median [min, max]':<32} {'CPU: median [min, max]':<32} "
        f"{'max RSS: median [min, max]':<34} {'exit':<6} output"
    )
    for name, rows in results.items():
        walls, cpus, rsss, codes = zip(*rows)
        print(
            f"{name:<15} {spread(walls, 's', 1, 3):<32} {spread(cpus, 's', 1, 3):<32} {spread(rsss, 'MiB', 2**20, 1):<34} "
            f"{','.join(sorted({str(c) for c in codes})):<6} {sizes[name] / 2**20:.1f} MiB"
        )
    z, a = (results[name] for name in tools)
    ratio = lambda i: statistics.median(r[i] for r in a) / statistics.median(r[i] for r in z)
    print(f"ratio aerleon / zonec (medians): wall {ratio(0):.1f}x, CPU {ratio(1):.1f}x, max RSS {ratio(2):.1f}x")


if __name__ == "__main__":
    main()
