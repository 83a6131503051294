#!/usr/bin/env bash
# The per-method training step of the Java benchmark and of tools/bench_methods.py (PyTorch, prompts cut to their
# real length), taking turns step by step, so that no two steps overlap and each Java step is paired with the Python
# step right after it under the same machine conditions. Prints both tables and the Java / Python ratios, per method
# as the ratio of the medians and as the median of the step-by-step ratios; at the end, over all rounds, the median
# of every pair's ratio with a 95% bootstrap interval (POOLED lines).
#
#   tools/bench_paired.sh [--threads N] [--clock wall|cpu] [--rounds R] [--out DIR] [benchmark options ...]
#
# --threads N (default 2) libtorch threads on both sides; --clock wall|cpu (default wall; cpu needs --threads 1);
# --rounds R (default 1) runs the pair R times, alternating which side starts; --out DIR (default a new folder under
# target/bench-paired) keeps the outputs. Every other option (--methods, --steps, --warmup [8 here], --dataset, --set,
# ...) goes to both programs. Needs the benchmarks jar (built when missing) and the reference virtualenv .venv-ref
# (tools/README.md); PYTHON=... picks another interpreter.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads=2
clock=wall
rounds=1
out=""
shared=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --clock) clock="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    --*) [[ $# -ge 2 ]] || { echo "bench-paired: option $1 needs a value" >&2; exit 2; }
         shared+=("$1" "$2"); shift 2 ;;
    *) echo "bench-paired: unexpected argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || { echo "bench-paired: --threads expects a positive number" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "bench-paired: --rounds expects a positive number" >&2; exit 2; }
[[ "$clock" == wall || "$clock" == cpu ]] || { echo "bench-paired: --clock expects wall or cpu" >&2; exit 2; }
[[ "$clock" == wall || "$threads" == 1 ]] || { echo "bench-paired: --clock cpu needs --threads 1" >&2; exit 2; }
python="${PYTHON:-$here/.venv-ref/bin/python}"
[[ -x "$python" ]] || { echo "bench-paired: no Python at $python (create .venv-ref as tools/README.md says, or set PYTHON)" >&2; exit 2; }
out="${out:-$here/target/bench-paired/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
cd "$here"
[[ -f benchmarks/target/bioprompt-benchmarks.jar ]] || mvn -B -q -ntp -pl benchmarks -am -DskipTests package >&2

# the methods both programs implement, unless --methods names others; 8 warm-up steps unless --warmup says otherwise
# (the JVM compiles 20 to 40 methods per step during the first 8 or so steps, on the same cores)
[[ " ${shared[*]-} " == *" --methods "* ]] || shared+=(--methods coop,biomedcoop,biomed-dpt,biovlm,ogkd)
[[ " ${shared[*]-} " == *" --warmup "* ]] || shared+=(--warmup 8)
java_pid=""
trap '[[ -n "$java_pid" ]] && kill "$java_pid" 2>/dev/null; true' EXIT
for ((round = 1; round <= rounds; round++)); do
  turns="$out/turns-$round"
  # odd rounds start with the Java side, even rounds with the Python side (each side's pieces still alternate)
  rm -f "$turns".*-finished
  if ((round % 2)); then echo java > "$turns"; else echo python > "$turns"; fi
  java_out="$out/java-$round.txt"
  DJL_CACHE_DIR="${DJL_CACHE_DIR:-$here/.djl-cache}" java -XX:MaxRAMPercentage=40 -Dai.djl.offline=true \
      -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
      -cp 'benchmarks/target/bioprompt-benchmarks.jar:benchmarks/target/lib/*' \
      dev.bioprompt.benchmarks.MethodStepBenchmark --turns "$turns" --clock "$clock" ${shared[@]+"${shared[@]}"} \
      > "$java_out" 2>&1 &
  java_pid=$!
  echo "== round $round of $rounds (outputs in $out)"
  "$python" tools/bench_methods.py --cut --threads "$threads" --clock "$clock" --turns "$turns" --java "$java_out" \
      ${shared[@]+"${shared[@]}"} | tee "$out/python-$round.txt"
  wait "$java_pid" || { echo "bench-paired: the Java side failed, see $java_out" >&2; exit 1; }
  java_pid=""
done
echo
echo "== all $rounds round(s): every Java step paired with the Python step of the same method and index"
"$python" tools/step_pairs.py "$out" "$rounds"
