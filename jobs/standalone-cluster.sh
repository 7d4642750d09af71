#!/usr/bin/env bash
# Sourced by jobs/standalone-cluster-test.sh and bin/bench-throughput: a real Spark standalone
# cluster on loopback, one master and two one-core workers (each executor its own JVM), built from
# the Spark jars Maven already has (no download). The workers listen on 127.0.0.1
# and 127.0.0.2, two loopback addresses, so that Spark sees two hosts: it runs a speculative copy
# of a task only on another host than the original's.
#   cluster_start WORK_DIR   starts it; sets SPARK_HOME, CLUSTER_MASTER
#   cluster_submit ARGS...   spark-submit in client mode with the Java 17 flags (ARGS: --class ... JAR ...);
#                            CLUSTER_DRIVER_OPTS adds JVM options to the driver (client mode: this JVM)
#   cluster_stop             stops every process it started (call it from an EXIT trap)
# Needs ROOT (the spark-da checkout). SPARK_DA_PROFILE=spark4 builds the cluster from Spark 4's jars
# (Maven profile spark4, Scala 2.13) instead of Spark 3.5's.

CLUSTER_PIDS=()
CLUSTER_WORK=""

# -Pspark4 when SPARK_DA_PROFILE=spark4, nothing otherwise.
cluster_maven_profile() {
  [ -z "${SPARK_DA_PROFILE:-}" ] || echo "-P$SPARK_DA_PROFILE"
}

# Where that build's jars are: target/, or target-spark4/ for the spark4 profile.
cluster_target() {
  if [ -n "${SPARK_DA_PROFILE:-}" ]; then echo "$ROOT/target-$SPARK_DA_PROFILE"; else echo "$ROOT/target"; fi
}

# That build's Scala version: 2.13 for Spark 4, 2.12 for Spark 3.5.
cluster_scala() {
  if [ "${SPARK_DA_PROFILE:-}" = spark4 ]; then echo 2.13; else echo 2.12; fi
}

# That build's job jar (spark-da_SCALA-VERSION-job.jar), empty if it was not built.
cluster_job_jar() {
  ls "$(cluster_target)/spark-da_$(cluster_scala)"-*-job.jar 2>/dev/null | head -1
}

cluster_start() {
  CLUSTER_WORK="$1"
  export SPARK_HOME="$CLUSTER_WORK/spark"
  mkdir -p "$SPARK_HOME/jars"
  # shellcheck disable=SC2046
  (cd "$ROOT" && mvn -q -B $(cluster_maven_profile) dependency:build-classpath -Dmdep.includeScope=provided \
    -Dmdep.outputFile="$CLUSTER_WORK/cp.txt" >/dev/null)
  # The file has no final newline: '|| [ -n ... ]' keeps its last jar (now slf4j-api, without which
  # the master and workers cannot start).
  tr ':' '\n' < "$CLUSTER_WORK/cp.txt" | while read -r jar || [ -n "$jar" ]; do
    ln -sf "$jar" "$SPARK_HOME/jars/"
  done
  export SPARK_SCALA_VERSION SPARK_LOCAL_IP=127.0.0.1
  SPARK_SCALA_VERSION=$(cluster_scala)
  CLUSTER_FLAGS=$(sed -n 's:.*<spark.java17.flags>\(.*\)</spark.java17.flags>.*:\1:p' "$ROOT/pom.xml")
  local port=${SPARK_DA_TEST_MASTER_PORT:-17077}
  # shellcheck disable=SC2086
  java $CLUSTER_FLAGS -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port 0 > "$CLUSTER_WORK/master.log" 2>&1 &
  CLUSTER_PIDS+=($!)
  # The master's URL as it started: when the port is taken (a cluster stopped a moment ago may still
  # hold it) Spark moves to the next one, and workers sent to the first would join the old master.
  CLUSTER_MASTER=""
  for _ in $(seq 120); do
    CLUSTER_MASTER=$(sed -n 's/.*Starting Spark master at \(spark:[^ ]*\).*/\1/p' "$CLUSTER_WORK/master.log")
    [ -n "$CLUSTER_MASTER" ] && break
    sleep 0.5
  done
  [ -n "$CLUSTER_MASTER" ] || { cat "$CLUSTER_WORK/master.log"; echo "the master did not start" >&2; return 1; }
  for i in 1 2; do
    mkdir -p "$CLUSTER_WORK/worker$i"
    # Executors inherit the worker's SPARK_LOCAL_IP, so they bind where they are advertised.
    # shellcheck disable=SC2086
    SPARK_LOCAL_IP=127.0.0.$i java $CLUSTER_FLAGS -cp "$SPARK_HOME/jars/*" \
      org.apache.spark.deploy.worker.Worker "$CLUSTER_MASTER" --host 127.0.0.$i --cores 1 \
      --memory 2g --work-dir "$CLUSTER_WORK/worker$i" --webui-port 0 \
      > "$CLUSTER_WORK/worker$i.log" 2>&1 &
    CLUSTER_PIDS+=($!)
  done
  for _ in $(seq 60); do
    [ "$(grep -c "Registering worker" "$CLUSTER_WORK/master.log" 2>/dev/null || true)" -ge 2 ] && return 0
    sleep 1
  done
  cat "$CLUSTER_WORK"/*.log
  echo "workers did not register" >&2
  return 1
}

cluster_submit() {
  # shellcheck disable=SC2086
  timeout 900 java $CLUSTER_FLAGS ${CLUSTER_DRIVER_OPTS:-} \
    "-Dlog4j.configurationFile=$ROOT/conf/log4j2.properties" \
    -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
    --master "$CLUSTER_MASTER" --deploy-mode client \
    --conf spark.driver.host=127.0.0.1 \
    --conf spark.executor.cores=1 --conf spark.executor.memory=1g --conf spark.cores.max=2 \
    --conf "spark.executor.extraJavaOptions=$CLUSTER_FLAGS" \
    "$@"
}

cluster_stop() {
  for pid in "${CLUSTER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${CLUSTER_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  # Executors are children of the workers; make sure none outlives them.
  [ -z "$CLUSTER_WORK" ] || pkill -f "$CLUSTER_WORK/worker" 2>/dev/null || true
}
