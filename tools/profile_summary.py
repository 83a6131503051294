"""Summarises libtorch profiler traces of one training step, side by side.

Usage: profile_summary.py JAVA_TRACE.json PYTHON_TRACE.json [--top N]

Both benchmarks write Chrome traces with --profile (MethodStepBenchmark through DJL's JniUtils.startProfile,
bench_methods.py through torch.profiler). For each aten operator this prints its call count and self time (its time
minus the operators it called) on each side, and the span the operators cover: the step's time outside any operator
is framework overhead (JNI, Java bookkeeping, the Python interpreter).
"""
import argparse
import collections
import json


def load(path):
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    ops = [e for e in events if e.get("ph") == "X" and "dur" in e and e.get("cat", "cpu_op") in ("cpu_op", "")
           and str(e.get("name", "")).startswith("aten::")]
    by_thread = collections.defaultdict(list)
    for e in ops:
        by_thread[e.get("tid")].append(e)
    self_time = collections.Counter()
    calls = collections.Counter()
    top_level = 0.0
    first, last = None, None
    for evs in by_thread.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []
        for e in evs:
            ts, dur = float(e["ts"]), float(e["dur"])
            while stack and float(stack[-1]["ts"]) + float(stack[-1]["dur"]) <= ts:
                stack.pop()
            if stack:
                stack[-1]["_child"] = stack[-1].get("_child", 0.0) + dur
            else:
                top_level += dur
            stack.append(e)
            first = ts if first is None else min(first, ts)
            last = ts + dur if last is None else max(last, ts + dur)
        for e in evs:
            self_time[e["name"]] += float(e["dur"]) - e.get("_child", 0.0)
            calls[e["name"]] += 1
    return self_time, calls, top_level, (last - first) if first is not None else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("java")
    ap.add_argument("python")
    ap.add_argument("--top", type=int, default=30)
    a = ap.parse_args()
    js, jc, jtop, jspan = load(a.java)
    ps, pc, ptop, pspan = load(a.python)
    names = sorted(set(js) | set(ps), key=lambda n: -max(js.get(n, 0), ps.get(n, 0)))
    print(f"{'operator':<44s} {'Java calls':>10s} {'Java ms':>9s} {'Py calls':>9s} {'Py ms':>9s}")
    for n in names[:a.top]:
        print(f"{n:<44s} {jc.get(n, 0):10d} {js.get(n, 0) / 1e3:9.1f} {pc.get(n, 0):9d} {ps.get(n, 0) / 1e3:9.1f}")
    print(f"{'all operators (self time)':<44s} {sum(jc.values()):10d} {sum(js.values()) / 1e3:9.1f} "
          f"{sum(pc.values()):9d} {sum(ps.values()) / 1e3:9.1f}")
    print(f"{'first to last operator':<44s} {'':10s} {jspan / 1e3:9.1f} {'':9s} {pspan / 1e3:9.1f}")
    print(f"{'outside any operator in that span':<44s} {'':10s} {(jspan - jtop) / 1e3:9.1f} {'':9s} "
          f"{(pspan - ptop) / 1e3:9.1f}")


if __name__ == "__main__":
    main()
