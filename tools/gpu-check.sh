#!/usr/bin/env bash
# One-command check of a GPU machine: bioprompt doctor, the tower and per-method step benchmarks on the device beside
# the CPU, and one short training cell on the device; ends with a table of the numbers.
#
#   tools/gpu-check.sh                  # on gpu:0 (needs an NVIDIA driver and a CUDA libtorch, see README "GPUs")
#   tools/gpu-check.sh --device cpu     # the same steps on the CPU only (runs anywhere)
#
# Options: --device D (gpu:0 by default, or cpu), --steps N (benchmark steps, default 3), --out DIR (logs, default
# a new folder under target/gpu-check). Environment: the engine.* settings as BIOPROMPT_ENGINE_TORCH_LIBRARY=... etc.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
device=gpu:0
steps=3
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --device) device="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$device" == cpu || "$device" =~ ^gpu(:[0-9]+)?$ ]] || { echo "gpu-check: --device expects cpu, gpu or gpu:N" >&2; exit 2; }
out="${out:-$here/target/gpu-check/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
cd "$here"
bioprompt=("$here/bioprompt")
devices=(cpu)
[[ "$device" != cpu ]] && devices+=("$device")

echo "== doctor" | tee "$out/summary.txt"
"${bioprompt[@]}" doctor --set "runner.device=$device" --set "cache.dir=$out/cache" | tee "$out/doctor.txt"

jars="cli/target/bioprompt.jar:cli/target/lib/*"
java_opts=(-XX:MaxRAMPercentage=40 -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1)
for d in "${devices[@]}"; do
  echo "== towers on $d"
  java "${java_opts[@]}" -Dbioprompt.device="$d" -cp "$jars" dev.bioprompt.backbone.bench.BackboneBenchmark \
      32 "$steps" 8 16 "$steps" 1 | tee "$out/towers-$d.txt"
  echo "== method steps on $d"
  java "${java_opts[@]}" -Dbioprompt.device="$d" -cp "$jars" dev.bioprompt.cli.bench.MethodStepBenchmark \
      --steps "$steps" | tee "$out/steps-$d.txt"
done

echo "== one training cell on $device"
start=$(date +%s)
"${bioprompt[@]}" train -m coop -d TOY_XRAY -k 4 --seed 1 --epochs 2 --set "runner.device=$device" \
    --set "tracking.dir=$out/mlruns" --set "runs.dir=$out/runs" --set "cache.dir=$out/cache" 2>&1 \
    | tee "$out/train.txt"
train_seconds=$(( $(date +%s) - start ))

{
  echo
  printf '%-28s' "measure"; for d in "${devices[@]}"; do printf '%16s' "$d"; done; echo
  row() { # label, file prefix, awk program printing one number
    printf '%-28s' "$1"
    for d in "${devices[@]}"; do printf '%16s' "$(awk "$3" "$out/$2-$d.txt" | head -1)"; done; echo
  }
  row "image encoder s/batch" towers '/^image encoder/ {for (i=1;i<=NF;i++) if ($i == "s/iter") {print $(i-1); exit}}'
  for m in $(sed -n 's/^RESULT method=\([^ ]*\) .*/\1/p' "$out/steps-cpu.txt"); do
    row "$m s/step" steps "/^RESULT method=$m / {sub(/.*median=/, \"\"); sub(/ .*/, \"\"); print; exit}"
  done
  printf '%-28s%16s\n' "training cell (2 epochs) s" "$train_seconds"
  grep -h 'peak resident memory' "$out/train.txt" || true
} | tee -a "$out/summary.txt"
echo "logs: $out"
