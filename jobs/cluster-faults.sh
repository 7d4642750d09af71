# Sourced by jobs/standalone-cluster-test.sh after its unfaulted run of the job ("reference"):
# the same job with faults, each compared with that run (docs/reliability.md).
#  1. executor loss, 2 runs: one executor JVM is killed (kill -9; its pid found from the worker's
#     work directory) at a different moment of each fit. Spark re-runs its tasks and rebuilds its
#     cached shards from lineage; every run must finish with outputs and the unfaulted accuracy.
#  2. driver loss: the driver (the spark-submit JVM, client mode) is killed mid-fit; the rerun with
#     output.resume = true must say it resumes after the round of the last checkpoint, train from
#     the next round on, and finish with the unfaulted accuracy.
#  3. a slow partition with speculation on: partition 1's first attempt sleeps in every round
#     (test-only spark.sparkda.test.* settings), speculative copies run on the other host and win;
#     the event log must show them, and the result must be the unfaulted one.
# Needs from the caller: WORK, the cluster (jobs/standalone-cluster.sh), job NAME [spark-submit
# options] -- [overrides] (the job into $WORK/NAME, its log in $WORK/NAME.log) and fail MESSAGE.

accuracy() {
  [ -f "$WORK/$1/metrics.json" ] || fail "$1: no metrics.json"
  sed -n 's/.*"targetAccuracy" : \([0-9.]*\).*/\1/p' "$WORK/$1/metrics.json" | head -1
}
# Fails unless accuracy $2 is within 0.02 of the unfaulted run's.
same_accuracy() {
  awk -v a="$2" -v r="$REFERENCE" 'BEGIN { d = a - r; exit !(d <= 0.02 && d >= -0.02) }' \
    || fail "$1: target accuracy $2, unfaulted $REFERENCE"
}
# The last round's losses: equal to the unfaulted run's when training was repeated bit for bit.
final_losses() {
  grep -o 'DANN: round \([0-9]*\)/\1, .*: labelLoss [0-9.]*, alignmentLoss [0-9.]*' "$WORK/$1.log" \
    | tail -1 | sed 's/.*: labelLoss/labelLoss/'
}
same_losses() {
  if [ "$(final_losses "$1")" = "$(final_losses reference)" ]; then echo "the same final losses"
  else echo "final losses $(final_losses "$1"), unfaulted $(final_losses reference)"; fi
}
wait_for_training() {
  for _ in $(seq 240); do
    grep -q "DANN: round " "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  cat "$1"; fail "$1: no training progress"
}
# The pid of worker $1's executor JVM: the java process whose working directory is in its
# work directory (the worker starts each executor in WORK_DIR/APP_ID/EXECUTOR_ID).
executor_pid() {
  local pid
  for pid in $(pgrep -f CoarseGrainedExecutorBackend || true); do
    case "$(readlink "/proc/$pid/cwd" 2>/dev/null)" in
      "$WORK/worker$1"/app-*) echo "$pid"; return 0 ;;
    esac
  done
  return 1
}

# Runs the three fault tests against the unfaulted run "reference".
fault_tests() {
  REFERENCE=$(accuracy reference)
  local start
  start=$(date +%s)

  # 1. Executor loss, at a different moment of each fit, alternating between the workers.
  local delays=(0.5 3.3)  # seconds after the first round: early in the fit, and mid-fit
  for i in 1 2; do
    job "kill$i" & JOB=$!
    wait_for_training "$WORK/kill$i.log"
    DELAY=${delays[i - 1]}
    sleep "$DELAY"
    worker=$(( i % 2 + 1 ))
    PID=$(executor_pid "$worker") || fail "kill$i: no executor on worker $worker"
    kill -9 "$PID"
    wait "$JOB" || { tail -30 "$WORK/kill$i.log"; fail "kill$i: the job failed after its executor was killed"; }
    grep -q "outputs written to" "$WORK/kill$i.log" || fail "kill$i: no outputs"
    LOST=$(grep -n -m 1 "Lost executor" "$WORK/kill$i.log" | cut -d: -f1)
    LAST=$(grep -n 'DANN: round \([0-9]*\)/\1,' "$WORK/kill$i.log" | tail -1 | cut -d: -f1)
    [ -n "$LOST" ] && [ "$LOST" -lt "$LAST" ] || fail "kill$i: no executor lost before the last round"
    ACC=$(accuracy "kill$i")
    same_accuracy "kill$i" "$ACC"
    echo "fault test: executor on worker $worker killed $DELAY s into the fit: finished, target accuracy $ACC, $(same_losses "kill$i")"
  done

  # 2. Driver loss: checkpoints every round, the driver killed mid-fit, the run resumed.
  job driver -- model.checkpointInterval=1 & JOB=$!
  wait_for_training "$WORK/driver.log"
  sleep 2
  local driver="SparkSubmit.*output.dir=\"$WORK/driver\""
  pkill -9 -f "$driver" || fail "driver: no driver process"
  wait "$JOB" && fail "driver: the killed job exited 0"
  # No driver JVM may be left to write another checkpoint after the listing below.
  for _ in $(seq 50); do pgrep -f "$driver" > /dev/null || break; sleep 0.1; done
  ! pgrep -f "$driver" > /dev/null || fail "driver: still running 5 s after SIGKILL"
  ls -a "$WORK/.driver.checkpoints/method/" > "$WORK/driver.checkpoints.txt" 2>&1 || true
  local left
  left=$(tr '\n' ' ' < "$WORK/driver.checkpoints.txt")
  CHECKPOINT=$(sed -n 's/^round-0*\([0-9][0-9]*\)\.ckpt$/\1/p' "$WORK/driver.checkpoints.txt" | tail -1)
  [ -n "$CHECKPOINT" ] || fail "driver: no checkpoint left by the killed run: $left"
  [ ! -e "$WORK/driver" ] || fail "driver: the killed run left an output"
  echo "--- rerun with output.resume = true" >> "$WORK/driver.log"
  job driver -- model.checkpointInterval=1 output.resume=true \
    || { tail -30 "$WORK/driver.log"; fail "driver: the resumed run failed"; }
  # Files, not pipes, between the greps: with pipefail a grep -q that stops reading early fails
  # the pipeline when the writer gets SIGPIPE on a long log.
  sed -n '/^--- rerun/,$p' "$WORK/driver.log" > "$WORK/driver.rerun.log"
  grep -q "resuming after round $CHECKPOINT/" "$WORK/driver.rerun.log" \
    || fail "driver: the rerun does not say it resumes after round $CHECKPOINT (checkpoint directory after the kill: $left; the rerun said: $(grep -i -m 3 'resum\|DANN: round' "$WORK/driver.rerun.log"))"
  FIRST=$(sed -n 's/.*DANN: round \([0-9]*\)\/.*/\1/p' "$WORK/driver.rerun.log" | head -1)
  [ "$FIRST" = "$(( CHECKPOINT + 1 ))" ] \
    || fail "driver: the rerun's first round is $FIRST, not $(( CHECKPOINT + 1 )): it repeated finished rounds"
  ACC=$(accuracy driver)
  same_accuracy driver "$ACC"
  [ ! -e "$WORK/.driver.checkpoints" ] || fail "driver: checkpoints left after the commit"
  echo "fault test: driver killed after round $CHECKPOINT; the rerun resumed at round $FIRST, target accuracy $ACC, $(same_losses driver)"

  # 3. A slow partition with speculation on: the copies must not change the averaging.
  mkdir -p "$WORK/events"
  job speculation --conf spark.speculation=true --conf spark.speculation.interval=100ms \
    --conf spark.speculation.efficiency.enabled=false --conf spark.eventLog.enabled=true \
    --conf "spark.eventLog.dir=$WORK/events" --conf spark.eventLog.compress=false \
    --conf spark.eventLog.rolling.enabled=false -- \
    spark.sparkda.test.slowPartition=1 spark.sparkda.test.slowMillis=2000 \
    || { tail -30 "$WORK/speculation.log"; fail "speculation: the job failed"; }
  # Plain JSON lines, one file (Spark 4 would otherwise compress and roll it into a directory).
  SPECULATIVE=$(grep -rho '"Speculative":true' "$WORK/events" | wc -l)
  [ "$SPECULATIVE" -gt 0 ] || fail "speculation: no speculative task ran"
  ACC=$(accuracy speculation)
  same_accuracy speculation "$ACC"
  echo "fault test: slow partition, $SPECULATIVE speculative task attempts: target accuracy $ACC, $(same_losses speculation)"
  echo "fault tests passed in $(( $(date +%s) - start )) s"
}
