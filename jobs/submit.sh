#!/usr/bin/env bash
# spark-submit line for the spark-da batch job on a cluster (standalone, YARN or Kubernetes).
#
#   jobs/submit.sh MASTER CONFIG [SPARK-SUBMIT OPTIONS ...] [-- key=value ...]
#     MASTER   spark://host:7077 | yarn | k8s://https://host:443
#     CONFIG   the job's HOCON config (see conf/ and docs/jobs.md). Client mode: a path on this
#              machine. YARN cluster mode: a local file, shipped with the job (--files). Standalone
#              and Kubernetes cluster mode: a path the driver can read where it runs (a shared
#              file system, or a file in the image / a mounted volume).
#     options  passed to spark-submit as they are: --conf k=v, --jars, --queue, --driver-memory,
#              --principal / --keytab, --name, ...
#     -- ...   everything after -- goes to the job as config overrides, e.g. 'output.dir="..."'
#
# Environment (optional): DEPLOY_MODE (client|cluster, default client); EXECUTOR_CORES (default
# 2); EXECUTOR_MEMORY (4g); NUM_EXECUTORS (2); DRIVER_MEMORY (2g); THREADS_PER_TASK (default 1):
# libtorch threads per training task, passed both as spark.task.cpus and as the job's
# model.threadsPerTask, so EXECUTOR_CORES / THREADS_PER_TASK tasks share an executor without
# oversubscribing its cores; SPARK_DA_JAR (default: the job jar built for this Spark's Scala:
# target/spark-da_2.12-*-job.jar for Spark 3.5, target-spark4/spark-da_2.13-*-job.jar for Spark 4);
# SPARK_SUBMIT (default: spark-submit on PATH); SPARK_HOME (default: where spark-submit is);
# K8S_IMAGE (Kubernetes only). A jar built for another Scala than the Spark's is refused (exit 2).
#
# Exit status: spark-submit's, which is the job's in client mode (0, 1, 2 config or input error,
# 3 quality gate). In standalone cluster mode it waits for the driver to finish
# (spark.standalone.submit.waitAppCompletion) and returns 0 if the driver FINISHED, 1 otherwise:
# Spark does not pass the driver's own exit code back, so a scheduler sees the job's outcome, but
# the difference between 1, 2 and 3 is only in the driver's log on its worker.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '2,27p' "$0"; exit 2; }
MASTER=$1; shift
CONFIG=$1; shift
SUBMIT_OPTS=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do SUBMIT_OPTS+=("$1"); shift; done
[ $# -gt 0 ] && shift  # the --
# The Scala version of the Spark that runs the job (2.12 for Spark 3.5, 2.13 for Spark 4), read
# from the name of its spark-core jar; empty if its SPARK_HOME cannot be found.
spark_scala() {
  local home=${SPARK_HOME:-} submit
  if [ -z "$home" ] && submit=$(command -v "${SPARK_SUBMIT:-spark-submit}"); then
    home=$(dirname "$(dirname "$(readlink -f "$submit")")")
  fi
  { ls "$home"/jars/spark-core_*.jar 2>/dev/null || true; } | sed -n 's:.*/spark-core_\([0-9.]*\)-.*:\1:p' | head -1
}
SCALA=$(spark_scala)
if [ -n "${SPARK_DA_JAR:-}" ]; then
  JAR=$SPARK_DA_JAR
else
  case "$SCALA" in
    2.12) JARS=("$ROOT"/target/spark-da_2.12-*-job.jar) ;;
    2.13) JARS=("$ROOT"/target-spark4/spark-da_2.13-*-job.jar) ;;
    *) JARS=("$ROOT"/target/spark-da_2.12-*-job.jar "$ROOT"/target-spark4/spark-da_2.13-*-job.jar) ;;
  esac
  mapfile -t JARS < <(ls "${JARS[@]}" 2>/dev/null || true)
  if [ "${#JARS[@]}" -gt 1 ]; then
    echo "submit.sh: cannot tell which Spark runs the job (set SPARK_HOME), so which of these to submit: ${JARS[*]} (or set SPARK_DA_JAR)" >&2
    exit 2
  fi
  JAR=${JARS[0]:-}
fi
[ -f "$JAR" ] || { echo "submit.sh: no job jar for Scala ${SCALA:-2.12 or 2.13} (build it with mvn package for Spark 3.5, mvn -Pspark4 package for Spark 4, or set SPARK_DA_JAR)" >&2; exit 2; }
# What the build wrote into the jar: its Scala version and the Java 17 options.
BUILD_PROPERTIES=$(unzip -p "$JAR" spark-da-build.properties 2>/dev/null || true)
JAR_SCALA=$(sed -n 's/^scalaBinaryVersion=//p' <<< "$BUILD_PROPERTIES")
if [ -n "$SCALA" ] && [ "$JAR_SCALA" != "$SCALA" ]; then
  echo "submit.sh: $JAR is built for Scala ${JAR_SCALA:-unknown}, but this Spark uses Scala $SCALA: submit the spark-da_$SCALA job jar ($( [ "$SCALA" = 2.13 ] && echo 'mvn -Pspark4 package, target-spark4/' || echo 'mvn package, target/'))" >&2
  exit 2
fi
FLAGS=$(sed -n 's/^java17Flags=//p' <<< "$BUILD_PROPERTIES")
[ -n "$FLAGS" ] || { echo "submit.sh: $JAR has no java17Flags in spark-da-build.properties" >&2; exit 2; }
THREADS=${THREADS_PER_TASK:-1}
MODE=${DEPLOY_MODE:-client}
EXTRA=()
case "$MASTER" in
  k8s://*) EXTRA+=(--conf "spark.kubernetes.container.image=${K8S_IMAGE:?set K8S_IMAGE for Kubernetes}") ;;
  spark://*) [ "$MODE" = cluster ] && EXTRA+=(--conf spark.standalone.submit.waitAppCompletion=true) ;;
esac
if [ "$MODE" = cluster ] && [ "$MASTER" = yarn ]; then
  # YARN puts --files into the driver container's working directory.
  EXTRA+=(--files "$CONFIG")
  CONFIG=$(basename "$CONFIG")
fi
SUBMIT=("${SPARK_SUBMIT:-spark-submit}" \
  --master "$MASTER" \
  --deploy-mode "$MODE" \
  --class io.sparkda.jobs.AdaptJob \
  --num-executors "${NUM_EXECUTORS:-2}" \
  --executor-cores "${EXECUTOR_CORES:-2}" \
  --executor-memory "${EXECUTOR_MEMORY:-4g}" \
  --driver-memory "${DRIVER_MEMORY:-2g}" \
  --conf spark.task.cpus="$THREADS" \
  --conf "spark.driver.extraJavaOptions=$FLAGS" \
  --conf "spark.executor.extraJavaOptions=$FLAGS" \
  "${EXTRA[@]}" \
  "${SUBMIT_OPTS[@]}" \
  "$JAR" "$CONFIG" model.threadsPerTask="$THREADS" "$@")
if [[ "$MASTER" != spark://* ]] || [ "$MODE" != cluster ]; then
  exec "${SUBMIT[@]}"
fi
# Standalone cluster mode: spark-submit waits for the driver, logs its final state ("State of
# driver driver-... is FAILED") and exits 0 whatever it was; turn that state into the status.
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
set +e
"${SUBMIT[@]}" 2>&1 | tee "$LOG"
STATUS=${PIPESTATUS[0]}
set -e
[ "$STATUS" -eq 0 ] || exit "$STATUS"
STATE=$(sed -n 's/.*State of driver [^ ]* is \([A-Z_]*\).*/\1/p' "$LOG" | tail -1)
if [ "$STATE" != FINISHED ]; then
  echo "submit.sh: the driver ended ${STATE:-in an unknown state} (its exit code and log are on the worker that ran it)" >&2
  exit 1
fi
