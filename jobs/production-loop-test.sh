#!/usr/bin/env bash
# The nightly loop as a scheduler runs it, one process per step (README's commands): train on
# day 1 and promote the model; score day 2 (the same distribution: the drift gate passes); score
# a day 3 whose target moved (the gate fails, exit 3, outputs written); train again on day 3,
# which moves the pointer; score day 3 again (passes). Inputs are CSV directories partitioned by
# ds, read with target.where (partition pruning). Usage: jobs/production-loop-test.sh (about 2
# minutes on 2 cores).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK=$(mktemp -d /tmp/spark-da-loop.XXXXXX)
cleanup() { [ -n "${SPARK_DA_KEEP_PROCESS_LOGS:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
fail() {
  echo "production-loop-test: FAIL: $*" >&2
  for log in "$WORK"/*.log; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done
  exit 1
}
ok() { echo "production-loop-test: ok: $*"; }

# The committed rotated-moons target, split into days: day 1 and day 2 are two halves of it (one
# distribution), day 3 is day 1 turned by a further 90 degrees (a target that moved).
SAMPLE="$ROOT/data-samples/rotated-moons/target.csv"
for day in 2026-12-01 2026-12-02 2026-12-03; do mkdir -p "target/ds=$day"; done
awk -F, 'NR == 1 { print "id," $0; next }
         NR <= 501 { print NR - 1 "," $0 > "target/ds=2026-12-01/part.csv"; next }
         { print NR - 1 "," $0 > "target/ds=2026-12-02/part.csv" }' "$SAMPLE" > header.csv
for day in 2026-12-01 2026-12-02; do
  cat header.csv "target/ds=$day/part.csv" > tmp.csv && mv tmp.csv "target/ds=$day/part.csv"
done
awk -F, 'NR == 1 { print "id," $0; next }
         NR <= 501 { printf "%d,%.6f,%.6f,%s\n", NR - 1, -$2, $1, $3 }' "$SAMPLE" \
  > target/ds=2026-12-03/part.csv

cat > loop.conf <<CONF
source { path = "$ROOT/data-samples/rotated-moons/source.csv", format = csv, features = [x1, x2] }
target { path = "$WORK/target", format = csv, features = [x1, x2], labelCol = label }
method = coral
evaluate.baseline = false
output { report = false, overwrite = true, keepColumns = [id], promoteTo = "$WORK/models/current" }
score.modelPath = "$WORK/models/current"
CONF
train() { "$ROOT/bin/spark-da" loop.conf "target.where=\"ds = '$1'\"" "output.dir=\"runs/$1/train\"" "${@:2}"; }
score() {
  "$ROOT/bin/spark-da" score loop.conf "target.where=\"ds = '$1'\"" 'evaluate.failIf=[targetDrift]' \
    "output.dir=\"runs/$1/score\"" "${@:2}"
}
drifted() { grep -A6 '"drift"' "runs/$1/score/metrics.json" | grep -o '"drifted" : [a-z]*'; }

train 2026-12-01 > train1.log 2>&1 || fail "training on day 1"
grep -q "runs/2026-12-01/train/model" models/current || fail "day 1's model was not promoted"
ok "day 1 trained; models/current -> $(cat models/current)"

score 2026-12-02 > score2.log 2>&1 || fail "scoring day 2 (exit $?)"
[ "$(drifted 2026-12-02)" = '"drifted" : false' ] || fail "day 2 reported as drifted"
rows=$(cat runs/2026-12-02/score/predictions/*.parquet | wc -c)
[ "$rows" -gt 0 ] || fail "day 2 wrote no predictions"
ok "day 2 scored with day 1's model, no drift ($(grep -o '"proxyADistance" : [0-9.E-]*' runs/2026-12-02/score/metrics.json | tail -1))"

set +e
score 2026-12-03 > score3.log 2>&1
code=$?
set -e
[ "$code" = 3 ] || fail "scoring the moved day 3 exited $code, expected 3 (the drift gate)"
grep -q "targetDrift: today's target drifted" score3.log || fail "no drift message"
[ -f runs/2026-12-03/score/metrics.json ] || fail "the failed gate's outputs were not written"
ok "day 3 moved: drift gate failed with exit 3 ($(grep -o '"proxyADistance" : [0-9.E-]*' runs/2026-12-03/score/metrics.json | tail -1))"

train 2026-12-03 > train3.log 2>&1 || fail "training again on day 3"
grep -q "runs/2026-12-03/train/model" models/current || fail "day 3's model was not promoted"
score 2026-12-03 output.overwrite=true > score3b.log 2>&1 || fail "scoring day 3 with its own model"
[ "$(drifted 2026-12-03)" = '"drifted" : false' ] || fail "day 3 drifted from its own model"
ok "retrained on day 3 and promoted; day 3 scores again without drift"
