#!/usr/bin/env python3
"""Java and Python training steps paired one by one, from the STEP lines that MethodStepBenchmark and
tools/bench_methods.py print ("STEP method=coop index=0 seconds=1.23"). tools/bench_methods.py --java uses it for one
run's PAIRED lines; tools/bench_paired.sh runs it on its output folder to pool every round:

    python3 tools/step_pairs.py OUT_DIR ROUNDS     # reads OUT_DIR/java-<r>.txt and OUT_DIR/python-<r>.txt, r = 1..ROUNDS

It prints, per method, the number of pairs, the median Java and Python step, the median of the per-pair Java / Python
ratios with a 95% bootstrap interval (2,000 resamples of the pairs, fixed seed), and in how many pairs Java was faster
(POOLED lines). Standard library only.
"""
import random
import statistics
import sys
from pathlib import Path


def read_steps(path):
    """{(method, index): seconds} of a benchmark output's STEP lines, in the order printed."""
    found = {}
    for line in Path(path).read_text().splitlines():
        if line.startswith("STEP "):
            f = dict(kv.split("=", 1) for kv in line.split()[1:])
            found[(f["method"], int(f["index"]))] = float(f["seconds"])
    return found


def pair(java, python):
    """{method: [(java seconds, python seconds), ...]} for every step both sides printed."""
    pairs = {}
    for key in (k for k in java if k in python):
        pairs.setdefault(key[0], []).append((java[key], python[key]))
    return pairs


def ratios(pairs):
    """The per-pair Java / Python ratios and the number of pairs in which Java was faster."""
    return [j / p for j, p in pairs], sum(j < p for j, p in pairs)


def bootstrap_interval(values, rng, resamples=2000):
    """95% interval of the median, by resampling the values with replacement."""
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(resamples))
    return medians[int(0.025 * resamples) - 1], medians[int(0.975 * resamples) - 1]


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: step_pairs.py OUT_DIR ROUNDS")
    out, rounds = Path(sys.argv[1]), int(sys.argv[2])
    pooled = {}
    for r in range(1, rounds + 1):
        for method, p in pair(read_steps(out / f"java-{r}.txt"), read_steps(out / f"python-{r}.txt")).items():
            pooled.setdefault(method, []).extend(p)
    rng = random.Random(1)
    print(f"{'method':<12s} {'pairs':>5s} {'Java s/step':>12s} {'Python s/step':>14s} {'Java/Python':>12s} "
          f"{'95% interval':>14s} {'Java faster':>12s}")
    for method, p in pooled.items():
        r, faster = ratios(p)
        low, high = bootstrap_interval(r, rng)
        print(f"{method:<12s} {len(p):5d} {statistics.median(j for j, _ in p):12.3f} "
              f"{statistics.median(q for _, q in p):14.3f} {statistics.median(r):12.3f} "
              f"{f'{low:.3f}-{high:.3f}':>14s} {f'{faster} of {len(p)}':>12s}")
        print(f"POOLED method={method} pairs={len(p)} ratio_median={statistics.median(r):.4f} "
              f"ci95={low:.4f},{high:.4f} java_faster={faster}")


if __name__ == "__main__":
    main()
