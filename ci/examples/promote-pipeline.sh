#!/usr/bin/env bash
# The prompt-set promotion pipeline: build, train, gate, promote, predict by alias. The GitHub Actions and GitLab CI
# examples run one stage per job; `ci/examples/promote-pipeline.sh all` runs the whole pipeline on one machine.
#
# Usage: ci/examples/promote-pipeline.sh STAGE...      STAGE: build, train, gate, promote, predict, rollback or all
#
#   build    mvn package of the command line (cli/target/bioprompt.jar and cli/target/lib/)
#   train    bioprompt train -c $EXPERIMENT; writes the sweep id to $WORK_DIR/sweep-id.txt
#   gate     compares the sweep with $PROMPT_SET@$ALIAS under $POLICY; exit 3 when it does not pass;
#            writes $WORK_DIR/gate-junit.xml and $WORK_DIR/gate.md
#   promote  gates again, publishes the sweep's best run as a new registry version and moves $ALIAS to it
#   predict  classifies $PREDICT_IMAGES with $PROMPT_SET@$ALIAS into $WORK_DIR/predictions.json (skipped without
#            images)
#   rollback points $ALIAS back at the version that held it before (not part of all)
#
# Environment (default in brackets):
#   EXPERIMENT              experiment YAML [experiments/btmri.yaml]; gate, promote and predict read it too, for
#                           its experiment name and backbone
#   PROMPT_SET              prompt-set name in the registry [btmri]
#   POLICY                  gate policy [ci/examples/gate-policy.yaml]
#   ALIAS                   alias that is gated against, promoted and served [production]
#   WORK_DIR                files handed from stage to stage [bioprompt-ci]
#   SWEEP_ID                the sweep to gate and promote [read from $WORK_DIR/sweep-id.txt]
#   PREDICT_IMAGES          images for the predict stage, separated by spaces [none]
#   REASON                  recorded in the alias log [promoted (or rolled back) by promote-pipeline.sh]
#   MIRROR                  strict or best-effort: whether a failing MLflow model-registry mirror fails promote [strict]
#   MLFLOW_TRACKING_URI     the MLflow server (tracking.uri; BIOPROMPT_TRACKING_URI wins) [./mlruns file store]
#   BIOPROMPT_REGISTRY_URI  the registry: a folder or s3://bucket/prefix [registry-store]; with
#                           BIOPROMPT_REGISTRY_S3_ENDPOINT for an S3-compatible store; AWS credentials from the chain
#   BIOPROMPT               how to run the command line [java -jar cli/target/bioprompt.jar]
#   MVN                     Maven for the build stage [./mvnw when present, else mvn]
#
# Exit status: that of the first stage that fails (gate: 3 = not passed, 2 = a usage or policy mistake).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EXPERIMENT="${EXPERIMENT:-experiments/btmri.yaml}"
PROMPT_SET="${PROMPT_SET:-btmri}"
POLICY="${POLICY:-$ROOT/ci/examples/gate-policy.yaml}"
ALIAS="${ALIAS:-production}"
WORK_DIR="${WORK_DIR:-bioprompt-ci}"
MIRROR="${MIRROR:-strict}"
PREDICT_IMAGES="${PREDICT_IMAGES:-}"
if [[ -z "${BIOPROMPT_TRACKING_URI:-}" && -n "${MLFLOW_TRACKING_URI:-}" ]]; then
  export BIOPROMPT_TRACKING_URI="$MLFLOW_TRACKING_URI"
fi
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$ROOT/.djl-cache}"
read -r -a BIOPROMPT_CMD <<< "${BIOPROMPT:-java ${BIOPROMPT_JAVA_OPTS:--Xmx8g} -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -jar $ROOT/cli/target/bioprompt.jar}"

bioprompt() {
  echo "+ bioprompt $*" >&2
  "${BIOPROMPT_CMD[@]}" "$@"
}

sweep_id() {
  if [[ -n "${SWEEP_ID:-}" ]]; then
    echo "$SWEEP_ID"
  elif [[ -s "$WORK_DIR/sweep-id.txt" ]]; then
    head -n 1 "$WORK_DIR/sweep-id.txt"
  else
    echo "promote-pipeline.sh: no sweep: set SWEEP_ID or run the train stage first ($WORK_DIR/sweep-id.txt)" >&2
    exit 2
  fi
}

stage() {
  case "$1" in
    build)
      local mvn="${MVN:-}"
      if [[ -z "$mvn" ]]; then
        if [[ -x "$ROOT/mvnw" ]]; then mvn="$ROOT/mvnw"; else mvn=mvn; fi
      fi
      (cd "$ROOT" && "$mvn" -B -q -ntp -pl cli -am package -DskipTests)
      ;;
    train)
      mkdir -p "$WORK_DIR"
      bioprompt train -c "$EXPERIMENT" --sweep-id-file "$WORK_DIR/sweep-id.txt"
      ;;
    gate)
      mkdir -p "$WORK_DIR"
      bioprompt gate -c "$EXPERIMENT" --name "$PROMPT_SET" --candidate "$(sweep_id)" --policy "$POLICY" \
        --junit "$WORK_DIR/gate-junit.xml" --markdown "$WORK_DIR/gate.md"
      ;;
    promote)
      bioprompt promote -c "$EXPERIMENT" --name "$PROMPT_SET" --candidate "$(sweep_id)" --policy "$POLICY" \
        --alias "$ALIAS" --reason "${REASON:-promoted by promote-pipeline.sh}" --mirror "$MIRROR"
      ;;
    predict)
      if [[ -z "$PREDICT_IMAGES" ]]; then
        echo "promote-pipeline.sh: predict skipped (no PREDICT_IMAGES)" >&2
        return 0
      fi
      mkdir -p "$WORK_DIR"
      read -r -a images <<< "$PREDICT_IMAGES"
      bioprompt predict -c "$EXPERIMENT" --prompt-set "$PROMPT_SET@$ALIAS" --out "$WORK_DIR/predictions.json" \
        "${images[@]}"
      ;;
    rollback)
      bioprompt registry rollback "$PROMPT_SET" --alias "$ALIAS" --reason "${REASON:-rolled back by promote-pipeline.sh}" \
        --mirror "$MIRROR"
      ;;
    all)
      for s in build train gate promote predict; do stage "$s"; done
      ;;
    *)
      echo "promote-pipeline.sh: unknown stage '$1' (build, train, gate, promote, predict, rollback, all)" >&2
      exit 2
      ;;
  esac
}

if [[ $# -eq 0 ]]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
for s in "$@"; do stage "$s"; done
