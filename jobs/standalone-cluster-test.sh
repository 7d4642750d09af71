#!/usr/bin/env bash
# Integration test on a real Spark standalone cluster on loopback: one master and two workers
# (one core each, so each executor is its own JVM), built from the Spark jars Maven already has
# (no download). Submits AdaptJob from the job jar on conf/example.conf, checks the outputs and
# that both executor JVMs loaded libtorch and trained, and stops the cluster whatever happens.
# Needs: mvn package (the job jar). Usage: jobs/standalone-cluster-test.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAR=$(ls target/spark-da-*-job.jar 2>/dev/null | head -1)
[ -n "$JAR" ] || { echo "no job jar: run mvn package first" >&2; exit 1; }

WORK=$(mktemp -d /tmp/spark-da-cluster.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  # Executors are children of the workers; make sure none outlives them.
  pkill -f "$WORK/worker" 2>/dev/null || true
  [ -n "${SPARK_DA_KEEP_CLUSTER_LOGS:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

# A SPARK_HOME whose jars/ links every jar of Spark's runtime (Maven's 'provided' scope).
export SPARK_HOME="$WORK/spark"
mkdir -p "$SPARK_HOME/jars"
mvn -q -B dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
tr ':' '\n' < "$WORK/cp.txt" | while read -r jar; do ln -sf "$jar" "$SPARK_HOME/jars/"; done
export SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
FLAGS=$(sed -n 's:.*<spark.java17.flags>\(.*\)</spark.java17.flags>.*:\1:p' pom.xml)
LOG4J="-Dlog4j.configurationFile=$ROOT/conf/log4j2.properties"
MASTER_PORT=${SPARK_DA_TEST_MASTER_PORT:-17077}
# shellcheck disable=SC2086
java $FLAGS -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$MASTER_PORT" --webui-port 0 > "$WORK/master.log" 2>&1 &
PIDS+=($!)
for i in 1 2; do
  mkdir -p "$WORK/worker$i"
  # shellcheck disable=SC2086
  java $FLAGS -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
    "spark://127.0.0.1:$MASTER_PORT" --host 127.0.0.1 --cores 1 --memory 2g \
    --work-dir "$WORK/worker$i" --webui-port 0 > "$WORK/worker$i.log" 2>&1 &
  PIDS+=($!)
done
for _ in $(seq 60); do
  [ "$(grep -c "Registering worker" "$WORK/master.log" 2>/dev/null || true)" -ge 2 ] && break
  sleep 1
done
grep -c "Registering worker" "$WORK/master.log" | grep -q 2 || { cat "$WORK"/*.log; echo "workers did not register" >&2; exit 1; }

OUT="$WORK/output"
# shellcheck disable=SC2086
timeout 900 java $FLAGS $LOG4J -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "spark://127.0.0.1:$MASTER_PORT" --deploy-mode client \
  --class io.sparkda.jobs.AdaptJob \
  --conf spark.driver.host=127.0.0.1 \
  --conf spark.executor.cores=1 --conf spark.executor.memory=1g --conf spark.cores.max=2 \
  --conf "spark.driver.extraJavaOptions=-Dai.djl.offline=true" \
  --conf "spark.executor.extraJavaOptions=$FLAGS -Dai.djl.offline=true" \
  "$JAR" conf/example.conf \
  "source.path=\"$ROOT/data-samples/rotated-moons/source.csv\"" \
  "target.path=\"$ROOT/data-samples/rotated-moons/target.csv\"" \
  "output.dir=\"$OUT\"" model.numPartitions=2 model.maxEpochs=30 evaluate.baseline=false \
  | tee "$WORK/submit.out"

fail() { echo "standalone cluster test FAILED: $*" >&2; exit 1; }
grep -q "outputs written to" "$WORK/submit.out" || fail "job did not finish"
for f in metrics.json model/metadata predictions; do [ -e "$OUT/$f" ] || fail "missing $f"; done
grep -q '"partitions" : 2' "$OUT/metrics.json" || fail "did not train on 2 partitions"
ACC=$(sed -n 's/.*"targetAccuracy" : \([0-9.]*\).*/\1/p' "$OUT/metrics.json")
# Executors are separate JVMs under the workers' work dirs; each must have loaded libtorch and trained.
EXECUTOR_LOGS=$(ls "$WORK"/worker*/app-*/*/stderr)
[ "$(echo "$EXECUTOR_LOGS" | wc -l)" -eq 2 ] || fail "expected 2 executor JVMs, found: $EXECUTOR_LOGS"
for log in $EXECUTOR_LOGS; do
  grep -q "spark-da tensor engine" "$log" || fail "$log: executor did not load the engine"
done
echo "standalone cluster test passed: 2 executor JVMs, target accuracy $ACC"
