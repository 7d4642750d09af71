#!/usr/bin/env bash
# Integration test on a real Spark standalone cluster on loopback: one master and two workers
# (one core each, so each executor is its own JVM), built from the Spark jars Maven already has
# (no download). Submits AdaptJob from the job jar on conf/example.conf (rotated moons, 2
# partitions), checks the outputs and that both executor JVMs loaded libtorch and trained; then
# the fault tests of jobs/cluster-faults.sh against that run (executors killed, the driver killed
# and the run resumed, a slow partition with speculation); then jobs/submit.sh in cluster mode.
# Stops the cluster whatever happens.
# Needs: mvn package (the job jar). Usage: jobs/standalone-cluster-test.sh; with
# SPARK_DA_PROFILE=spark4, the same on Spark 4 (mvn -Pspark4 package first);
# SPARK_DA_CLUSTER_FAULTS=false leaves out the fault tests (CI runs them on one build only).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=jobs/standalone-cluster.sh
. "$ROOT/jobs/standalone-cluster.sh"
JAR=$(cluster_job_jar)
[ -n "$JAR" ] || { echo "no job jar in $(cluster_target): run mvn $(cluster_maven_profile) package first" >&2; exit 1; }

WORK=$(mktemp -d /tmp/spark-da-cluster.XXXXXX)
# shellcheck source=jobs/cluster-faults.sh
. "$ROOT/jobs/cluster-faults.sh"
cleanup() {
  cluster_stop
  [ -n "${SPARK_DA_KEEP_CLUSTER_LOGS:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
cluster_start "$WORK"

fail() { echo "standalone cluster test FAILED: $*" >&2; exit 1; }

# job NAME [spark-submit options] -- [config overrides]: the job in client mode into $WORK/NAME,
# its log in $WORK/NAME.log. 10 epochs (minSteps=0: the job's default would train 500 steps, 16
# epochs) and no report.html keep the many runs short.
job() {
  local name=$1; shift
  local submit=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do submit+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  cluster_submit "${submit[@]}" --class io.sparkda.jobs.AdaptJob "$JAR" conf/example.conf \
    "source.path=\"$ROOT/data-samples/rotated-moons/source.csv\"" \
    "target.path=\"$ROOT/data-samples/rotated-moons/target.csv\"" \
    "output.dir=\"$WORK/$name\"" output.overwrite=false output.report=false \
    model.numPartitions=2 model.maxEpochs=10 model.minSteps=0 evaluate.baseline=false "$@" \
    >> "$WORK/$name.log" 2>&1
}

START=$(date +%s)
job reference || { cat "$WORK/reference.log"; fail "the job failed"; }
grep -q "outputs written to" "$WORK/reference.log" || fail "job did not finish"
for f in metrics.json model/metadata predictions; do [ -e "$WORK/reference/$f" ] || fail "missing $f"; done
grep -q '"partitions" : 2' "$WORK/reference/metrics.json" || fail "did not train on 2 partitions"
# Executors are separate JVMs under the workers' work dirs; each must have loaded libtorch and trained.
EXECUTOR_LOGS=$(ls "$WORK"/worker*/app-*/*/stderr)
[ "$(echo "$EXECUTOR_LOGS" | wc -l)" -eq 2 ] || fail "expected 2 executor JVMs, found: $EXECUTOR_LOGS"
for log in $EXECUTOR_LOGS; do
  grep -q "spark-da tensor engine" "$log" || fail "$log: executor did not load the engine"
done
echo "standalone cluster test: 2 executor JVMs, target accuracy $(accuracy reference) ($(( $(date +%s) - START )) s)"

RAN="client mode, faults, submit.sh in cluster mode"
if [ "${SPARK_DA_CLUSTER_FAULTS:-true}" != false ]; then
  fault_tests
else
  RAN="client mode, submit.sh in cluster mode; faults left out"
fi

# jobs/submit.sh in standalone cluster mode (the driver runs on a worker): it must wait for the
# job and return the job's status, not the submission's. spark-submit is Spark's launcher class
# over the cluster's jars (this SPARK_HOME has no bin/).
printf '#!/bin/sh\nexec java -cp "%s/jars/*" org.apache.spark.deploy.SparkSubmit "$@"\n' \
  "$SPARK_HOME" > "$WORK/spark-submit"
chmod +x "$WORK/spark-submit"
submit() {
  SPARK_SUBMIT="$WORK/spark-submit" SPARK_DA_JAR="$JAR" DEPLOY_MODE=cluster EXECUTOR_CORES=1 \
    EXECUTOR_MEMORY=1g DRIVER_MEMORY=1g timeout 600 jobs/submit.sh "$CLUSTER_MASTER" \
    "$ROOT/conf/example.conf" --conf spark.driver.cores=1 --conf spark.cores.max=1 -- \
    "source.path=\"$ROOT/data-samples/rotated-moons/source.csv\"" \
    "target.path=\"$ROOT/data-samples/rotated-moons/target.csv\"" model.maxEpochs=5 \
    model.minSteps=0 evaluate.baseline=false "$@" > "$WORK/submit-cluster.out" 2>&1
}
if submit "output.dir=\"$WORK/cluster-bad\"" model.maxEpoch=3; then
  cat "$WORK/submit-cluster.out"; fail "submit.sh returned 0 for a job that failed (unknown key)"
fi
submit "output.dir=\"$WORK/cluster-output\"" || { cat "$WORK/submit-cluster.out"; fail "submit.sh cluster mode"; }
[ -f "$WORK/cluster-output/metrics.json" ] || fail "cluster mode wrote no metrics.json"
echo "standalone cluster test passed in $(( $(date +%s) - START )) s ($RAN)"
