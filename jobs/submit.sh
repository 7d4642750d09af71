#!/usr/bin/env bash
# spark-submit line for the spark-da batch job on a cluster (standalone, YARN or Kubernetes).
#
#   jobs/submit.sh MASTER CONFIG [key=value ...]
#     MASTER  spark://host:7077 | yarn | k8s://https://host:443
#     CONFIG  a HOCON job config reachable by the driver (see conf/ and docs/jobs.md)
#
# Environment (optional): DEPLOY_MODE (client|cluster, default client), EXECUTOR_CORES (default 2),
# EXECUTOR_MEMORY (default 4g), NUM_EXECUTORS (default 2), SPARK_DA_JAR (default: the job jar in
# target/), SPARK_SUBMIT (default: spark-submit on PATH), K8S_IMAGE (Kubernetes only).
#
# Threads: each task runs libtorch with model.threadsPerTask intra-op threads. Keep
# spark.task.cpus = model.threadsPerTask so that EXECUTOR_CORES / threadsPerTask tasks share an
# executor without oversubscribing its cores. Java 17 needs Spark's --add-opens flags in the
# executors too; they are listed once in pom.xml (spark.java17.flags) and read from there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '2,16p' "$0"; exit 2; }
MASTER=$1; shift
CONFIG=$1; shift
JAR=${SPARK_DA_JAR:-$(ls "$ROOT"/target/spark-da-*-job.jar | head -1)}
FLAGS=$(sed -n 's:.*<spark.java17.flags>\(.*\)</spark.java17.flags>.*:\1:p' "$ROOT/pom.xml")
THREADS=${THREADS_PER_TASK:-1}
EXTRA=()
if [[ "$MASTER" == k8s://* ]]; then
  EXTRA+=(--conf "spark.kubernetes.container.image=${K8S_IMAGE:?set K8S_IMAGE for Kubernetes}")
fi
if [ "${DEPLOY_MODE:-client}" = cluster ]; then
  # In cluster mode the config file must travel with the job.
  EXTRA+=(--files "$CONFIG")
  CONFIG=$(basename "$CONFIG")
fi
exec "${SPARK_SUBMIT:-spark-submit}" \
  --master "$MASTER" \
  --deploy-mode "${DEPLOY_MODE:-client}" \
  --class io.sparkda.jobs.AdaptJob \
  --num-executors "${NUM_EXECUTORS:-2}" \
  --executor-cores "${EXECUTOR_CORES:-2}" \
  --executor-memory "${EXECUTOR_MEMORY:-4g}" \
  --conf spark.task.cpus="$THREADS" \
  --conf "spark.driver.extraJavaOptions=$FLAGS -Dai.djl.offline=true" \
  --conf "spark.executor.extraJavaOptions=$FLAGS -Dai.djl.offline=true" \
  "${EXTRA[@]}" \
  "$JAR" "$CONFIG" model.threadsPerTask="$THREADS" "$@"
