package io.sparkda.internal.train;

import io.sparkda.internal.nn.EngineInfo;
import io.sparkda.internal.nn.NativeOptimizer;
import io.sparkda.ml.RoundSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-parallel DANN training as Spark jobs. Each round broadcasts parameters and optimizer state
 * as {@code float[]}, every shard runs {@code localSteps} steps on balanced source/target batches,
 * and the driver averages the results, added in partition order ({@link #inPartitionOrder}).
 *
 * <p>Two batch modes. {@code per-partition}: every partition draws {@code batchSize} rows per
 * domain per step, so a global step covers K x batchSize rows and an epoch takes 1/K of the steps:
 * K partitions finish K times sooner, with a K times larger effective batch. {@code split}: a
 * step's {@code batchSize} rows are split across the K partitions ({@code batchSize / K} each), so
 * a round of H local steps covers the same samples, and the same number of steps, as H steps in one
 * partition: it reproduces single-partition training, and more partitions are not faster. In both,
 * the schedules follow the global step and optimizer state is averaged with the parameters instead
 * of restarting on every round. With {@code localSteps = 1} this is synchronous data-parallel SGD.
 * The next round starts from the average, or from an outer optimizer's step over it ({@link
 * OuterOptimizer}).
 */
public final class DistributedTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

  private DistributedTrainer() {}

  /**
   * @param rows columns: features (Vector), label (double, null on target rows), isTarget
   *     (boolean); already validated
   * @param checkpoints where the fit resumes from and saves its state, or {@link
   *     FitCheckpoints#NONE}
   */
  public static TrainingResult train(
      Dataset<Row> rows,
      long sourceRows,
      long targetRows,
      TrainingConfig config,
      FitCheckpoints checkpoints) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    EngineInfo.logOnce(config.threadsPerTask);
    int requested = config.numPartitions > 0 ? config.numPartitions : jsc.defaultParallelism();
    int partitions = (int) Math.max(1, Math.min(requested, Math.min(sourceRows, targetRows)));
    boolean perPartition = config.batchMode == TrainingConfig.BatchMode.PER_PARTITION;
    int batchPerPartition =
        perPartition ? config.batchSize : (config.batchSize + partitions - 1) / partitions;
    long globalBatch = (long) batchPerPartition * partitions;
    long stepsPerEpoch = (long) Math.ceil(sourceRows / (double) globalBatch);
    long totalSteps = totalSteps(config, sourceRows, globalBatch);
    int roundSteps = stepsPerRound(config, partitions, stepsPerEpoch);
    int rounds = (int) ((totalSteps + roundSteps - 1) / roundSteps);
    int minRows = config.alignment.loss().minRowsPerDomain();
    if (batchPerPartition < minRows) {
      throw new IllegalArgumentException(
          String.format(
              "alignment %s needs at least %d rows per "
                  + "domain in each partition's batch, but batchSize %d over %d partitions gives %d: raise "
                  + "batchSize to at least %d, lower numPartitions or use batchMode per-partition",
              config.alignment.paramValue(),
              minRows,
              config.batchSize,
              partitions,
              batchPerPartition,
              minRows * partitions));
    }
    String method = "spark-da " + config.alignment.method();
    String fit = "spark-da " + FitProgress.fitStarted() + ": " + config.alignment.method();
    InjectedFaults faults = InjectedFaults.from(rows.sparkSession().conf());
    if (faults.any()) {
      LOG.warn("{}: injecting test faults: {}", fit, faults);
    }
    LOG.info(
        "{}: {} source + {} target rows, {} partitions, {} steps of {} rows/domain"
            + " ({} per partition, batchMode {}), {} rounds of {} local steps, {} parameters",
        fit,
        sourceRows,
        targetRows,
        partitions,
        totalSteps,
        globalBatch,
        batchPerPartition,
        config.batchMode.paramValue(),
        rounds,
        roundSteps,
        config.architecture.numParameters());

    jsc.setJobDescription(method + ": building shards");
    ShardBuilder.Shards built =
        ShardBuilder.build(
            rows, config.architecture.numFeatures(), partitions, config.featureLayout);
    JavaRDD<Shard> shards = built.rdd;
    // Each partition's optimizer state between averagings, cached next to its shard; nothing to
    // keep when every round averages it.
    int n = config.architecture.numParameters();
    boolean bfloat16Deltas = config.bfloat16Deltas && partitions > 1;
    int held =
        config.optimizerSyncInterval > 1
            ? HeldOptimizerState.keptFloats(config.optimizer, n, bfloat16Deltas)
            : 0;
    JavaRDD<HeldOptimizerState> heldStates =
        shards.map(shard -> new HeldOptimizerState(held)).persist(StorageLevel.MEMORY_ONLY());
    try {
      long shardBytes = shards.map(Shard::bytes).reduce(Long::sum);
      LOG.info(
          "spark-da shards cached: {} partitions, {} MiB of {} features",
          partitions,
          String.format("%.1f", shardBytes / 1048576.0),
          built.sparse ? "sparse" : "dense");
      Rounds allRounds =
          new Rounds(
              partitions,
              stepsPerEpoch,
              totalSteps,
              batchPerPartition,
              roundSteps,
              rounds,
              bfloat16Deltas);
      String identity =
          checkpoints.identity(config.architecture.toString(), partitions, built.data);
      return runRounds(
          jsc,
          fit,
          shards,
          heldStates,
          config,
          allRounds,
          checkpoints,
          identity,
          faults,
          shardBytes,
          built.sparse);
    } finally {
      heldStates.unpersist(false);
      shards.unpersist(false);
      jsc.setJobDescription(null);
    }
  }

  /** At most one progress line per this many nanoseconds (plus the first and last round). */
  private static final long PROGRESS_NANOS = 10_000_000_000L;

  /** How the fit's steps fall into rounds over the partitions. */
  private static final class Rounds {
    final int partitions;
    final long stepsPerEpoch;
    final long totalSteps;
    final int batchPerPartition;
    final int roundSteps;
    final int count;

    /** Whether weight changes may travel as bfloat16 (several partitions, deltaPrecision). */
    final boolean bfloat16Deltas;

    Rounds(
        int partitions,
        long stepsPerEpoch,
        long totalSteps,
        int batchPerPartition,
        int roundSteps,
        int count,
        boolean bfloat16Deltas) {
      this.bfloat16Deltas = bfloat16Deltas;
      this.partitions = partitions;
      this.stepsPerEpoch = stepsPerEpoch;
      this.totalSteps = totalSteps;
      this.batchPerPartition = batchPerPartition;
      this.roundSteps = roundSteps;
      this.count = count;
    }

    /**
     * Round {@code round}'s plan when the optimizer state is averaged every {@code sync} rounds;
     * {@code saved}: a checkpoint is due after it.
     */
    RoundPlan plan(int round, int sync, boolean saved) {
      long firstStep = (long) round * roundSteps;
      boolean averages = (round + 1) % sync == 0;
      // A rounding error is kept only where states are kept between averagings.
      boolean keepsError = bfloat16Deltas && sync > 1;
      return new RoundPlan(
          round,
          firstStep,
          (int) Math.min(roundSteps, totalSteps - firstStep),
          totalSteps,
          batchPerPartition,
          averages,
          saved,
          keepsError,
          keepsError && !averages && !saved && round != count - 1);
    }
  }

  private static TrainingResult runRounds(
      JavaSparkContext jsc,
      String fit,
      JavaRDD<Shard> shards,
      JavaRDD<HeldOptimizerState> heldStates,
      TrainingConfig config,
      Rounds rounds,
      FitCheckpoints checkpoints,
      String identity,
      InjectedFaults faults,
      long shardBytes,
      boolean sparse) {
    String method = "spark-da " + config.alignment.method();
    NativeOptimizer optimizer = config.optimizer;
    int n = config.architecture.numParameters();
    // The optimizer state starts at zeros, which each task makes for itself (LocalTrainer).
    TrainingState state =
        new TrainingState(
            config.architecture.initialParameters(config.seed), TrainingState.NO_OPTIMIZER_STATE);
    // The outer step applies where partitions are averaged; one partition has nothing to average.
    OuterOptimizer outer = rounds.partitions > 1 ? config.outer : OuterOptimizer.AVERAGE;
    float[] outerMomentum = outer.initialMomentum(n);
    List<RoundSummary> summaries = new ArrayList<>();
    long rowsSeen = 0;
    double secondsBefore = 0;
    int firstRound = 0;
    Optional<TrainingCheckpoint> resumed = checkpoints.latest(identity);
    if (resumed.isPresent()) {
      TrainingCheckpoint checkpoint = resumed.get();
      state = checkpoint.state;
      if (checkpoint.outerMomentum.length != outerMomentum.length) {
        throw new IllegalStateException(
            "checkpoint in " + checkpoints.where() + " has no outer momentum for " + outer);
      }
      outerMomentum = checkpoint.outerMomentum;
      summaries.addAll(checkpoint.summaries);
      rowsSeen = checkpoint.rowsSeen;
      secondsBefore = checkpoint.seconds;
      firstRound = checkpoint.rounds;
      LOG.info(
          "{}: resuming after round {}/{} from checkpoint {} (rounds 1-{} are not repeated)",
          fit,
          firstRound,
          rounds.count,
          checkpoints.where(),
          firstRound);
    } else if (checkpoints.enabled()) {
      LOG.info("{}: checkpoints in {}; none yet, starting at round 1", fit, checkpoints);
    }
    // The optimizer state is averaged every sync rounds; in between each partition keeps its own.
    // With one partition the average is the state itself, which still stays on the executor
    // between the jobs of its rounds.
    int sync = config.optimizerSyncInterval;
    SyncPoint lastSync =
        new SyncPoint(firstRound, state, outerMomentum, summaries.size(), rowsSeen);
    int missesSinceSync = 0;
    boolean heldStateDropped = false;
    long startNanos = System.nanoTime();
    long rowsBefore = rowsSeen;
    // An epoch = the source rows once, in global steps; minSteps may make more than maxEpochs.
    long epochs =
        Math.max(
            config.maxEpochs,
            (rounds.totalSteps + rounds.stepsPerEpoch - 1) / rounds.stepsPerEpoch);
    long lastLine = 0;
    double secondsPerRound = 0;
    for (int r = firstRound; r < rounds.count; ) {
      long jobStart = System.nanoTime();
      int group = roundsInJob(rounds, r, secondsPerRound, checkpoints, faults);
      List<RoundPlan> plans = new ArrayList<>();
      for (int i = 0; i < group; i++) {
        plans.add(rounds.plan(r + i, sync, checkpoints.due(r + i + 1, rounds.count)));
      }
      jsc.setJobDescription(
          group == 1
              ? String.format("%s: round %d/%d", method, r + 1, rounds.count)
              : String.format("%s: rounds %d-%d/%d", method, r + 1, r + group, rounds.count));
      int heldId = heldStates.id();
      Broadcast<TrainingState> broadcast = jsc.broadcast(state);
      double broadcastSeconds = (System.nanoTime() - jobStart) / 1e9;
      List<List<RoundOutput>> byPartition;
      try {
        byPartition =
            shards
                .zipPartitions(
                    heldStates,
                    (shard, held) -> {
                      long taskStart = System.nanoTime();
                      int partition = TaskContext.getPartitionId();
                      faults.beforeSteps(partition);
                      List<RoundOutput> out =
                          LocalTrainer.run(
                              single(shard, partition),
                              keptHere(
                                  faults.heldStateFor(partition, held.next()), heldId, partition),
                              partition,
                              broadcast.value(),
                              config,
                              plans,
                              round -> faults.afterSteps(partition, round));
                      out.get(out.size() - 1).taskSeconds = (System.nanoTime() - taskStart) / 1e9;
                      return List.of(out).iterator();
                    })
                .collect();
      } finally {
        broadcast.destroy();
      }
      if (byPartition.stream().anyMatch(outputs -> outputs.get(0).stateMissing)) {
        // Re-running from the last state the driver holds whole computes exactly what the lost
        // state would have.
        LOG.warn(
            "{}: round {}/{}: a partition's optimizer state kept on its executor is gone (its"
                + " cached block was evicted or its executor lost): re-running rounds {}-{} from"
                + " the state after round {} (the last averaging or checkpoint)",
            fit,
            r + 1,
            rounds.count,
            lastSync.rounds + 1,
            r + 1,
            lastSync.rounds);
        if (++missesSinceSync >= MISSES_BEFORE_AVERAGING_EVERY_ROUND && sync > 1) {
          sync = 1;
          LOG.warn(
              "{}: the kept optimizer state was lost {} times in a row: averaging it every round"
                  + " for the rest of the fit (as optimizerSyncInterval = 1 does), at the cost of"
                  + " shipping it; give the executors more memory to keep it",
              fit,
              missesSinceSync);
        }
        state = lastSync.state;
        outerMomentum = lastSync.outerMomentum.clone();
        summaries.subList(lastSync.summaries, summaries.size()).clear();
        rowsSeen = lastSync.rowsSeen;
        r = lastSync.rounds;
        continue;
      }
      // Weight changes that came as bfloat16 become weights: the round's start plus the change.
      long weightBytesOut = 0;
      for (List<RoundOutput> outputs : byPartition) {
        RoundOutput last = outputs.get(outputs.size() - 1);
        weightBytesOut += (long) n * (last.paramsAreBfloat16Delta ? Short.BYTES : Float.BYTES);
        last.addStart(state.params);
      }
      // The job's wall time, shared by its rounds in proportion to their steps.
      double jobSeconds = (System.nanoTime() - jobStart) / 1e9;
      long jobSteps = plans.stream().mapToLong(p -> p.steps).sum();
      double slowestTask =
          byPartition.stream()
              .mapToDouble(outputs -> outputs.get(outputs.size() - 1).taskSeconds)
              .max()
              .orElse(0);
      double averageSeconds = 0;
      secondsPerRound = jobSeconds / group;
      RoundPlan lastPlan = plans.get(group - 1);
      boolean averaging = lastPlan.averagesOptimizerState;
      Map<Integer, float[]> returned = averaging ? Map.of() : returnedStates(byPartition);
      // What the partitions could not keep goes back to them with the next broadcast.
      Map<Integer, float[]> toReturn = new TreeMap<>(returned);
      toReturn.keySet().removeIf(p -> byPartition.get(p).get(group - 1).ownStateKept);
      if (!toReturn.isEmpty()) {
        LOG.info(
            "{}: round {}: partitions {} ran on another executor than their kept optimizer state"
                + " (a speculative copy, or the locality wait) and returned it; it goes back with"
                + " the next round's weights",
            fit,
            r + group,
            toReturn.keySet());
      }
      long shipped =
          shippedBytes(
              state.params.length,
              weightBytesOut / rounds.partitions,
              state.optimizerState.length
                  + state.partitionStates.values().stream().mapToLong(s -> s.length).sum(),
              averaging
                  ? optimizer.stateSize(n)
                  : returned.values().stream().mapToLong(s -> s.length).sum() / rounds.partitions,
              group);
      for (int i = 0; i < group; i++, r++) {
        RoundPlan plan = plans.get(i);
        int index = i;
        RoundOutput sum =
            inPartitionOrder(
                byPartition.stream().map(outputs -> outputs.get(index)).toList(),
                rounds.partitions,
                r + 1);
        rowsSeen += 2L * sum.sourceRowsSeen;
        double progressAtEnd = plan.progress(plan.firstStep + plan.steps);
        RoundSummary summary =
            new RoundSummary(
                r + 1,
                sum.labelLoss / sum.partitions,
                sum.alignmentLoss / sum.partitions,
                sum.domainAccuracy / sum.partitions,
                config.lambda.at(progressAtEnd),
                config.learningRate.at(progressAtEnd),
                jobSeconds * plan.steps / jobSteps,
                sum.seconds,
                shipped);
        summaries.add(summary);
        if (sum.skippedSteps > 0) {
          LOG.warn(
              "{} round {}/{}: {} of {} partition steps skipped (non-finite loss or gradient)",
              method,
              r + 1,
              rounds.count,
              sum.skippedSteps,
              sum.steps);
        }
        if (!Double.isFinite(summary.labelLoss()) || !Double.isFinite(summary.alignmentLoss())) {
          throw new IllegalStateException(
              String.format(
                  "%s diverged in round %d/%d (%s): lower "
                      + "learningRate (now %s), or standardize the features",
                  method, r + 1, rounds.count, summary, config.learningRate.at(0)));
        }
        if (i == group - 1) {
          long averageStart = System.nanoTime();
          TrainingState average = sum.average();
          state =
              new TrainingState(
                  outer.step(state.params, average.params, outerMomentum),
                  average.optimizerState,
                  toReturn);
          // Where the driver holds every partition's optimizer state: averaged, or each one's
          // own (all return theirs where a checkpoint is due).
          if (averaging || returned.size() == rounds.partitions) {
            TrainingState whole =
                averaging
                    ? state
                    : new TrainingState(state.params, TrainingState.NO_OPTIMIZER_STATE, returned);
            lastSync = new SyncPoint(r + 1, whole, outerMomentum, summaries.size(), rowsSeen);
            missesSinceSync = 0;
          }
          averageSeconds = (System.nanoTime() - averageStart) / 1e9;
        }
        long now = System.nanoTime();
        double elapsed = (now - startNanos) / 1e9;
        // A job ends where a checkpoint is due (roundsInJob), so the state here is this round's,
        // and every partition returned its optimizer state (RoundPlan#savesOptimizerState).
        if (checkpoints.due(r + 1, rounds.count)) {
          checkpoints.save(
              new TrainingCheckpoint(
                  identity,
                  r + 1,
                  lastSync.state,
                  outerMomentum,
                  summaries,
                  rowsSeen,
                  secondsBefore + elapsed));
        }
        faults.afterRoundOnDriver(r);
        if (!heldStateDropped && faults.dropsHeldStateAfter(r)) {
          heldStateDropped = true;
          dropCachedBlocks(heldStates);
        }
        if (r == firstRound || r == rounds.count - 1 || now - lastLine >= PROGRESS_NANOS) {
          lastLine = now;
          double fitEta = elapsed / (r + 1 - firstRound) * (rounds.count - r - 1);
          double jobEta = FitProgress.jobEta(fitEta, elapsed + fitEta);
          LOG.info(
              "{}: round {}/{}, epoch {}/{}: {}; {} rows/s; round {} s ({}), {} MB shipped per"
                  + " partition; fit ETA {}{}; driver RSS {} MiB",
              fit,
              r + 1,
              rounds.count,
              Math.min(
                  epochs,
                  (plan.firstStep + plan.steps + rounds.stepsPerEpoch - 1) / rounds.stepsPerEpoch),
              epochs,
              losses(summary),
              Math.round((rowsSeen - rowsBefore) / elapsed),
              String.format("%.3f", summary.seconds()),
              String.format(
                  "broadcast %.3f s, slowest task %.3f s with steps %.3f s, results and scheduling"
                      + " %.3f s; then average %.3f s",
                  broadcastSeconds / group,
                  slowestTask / group,
                  summary.computeSeconds(),
                  Math.max(0, jobSeconds - broadcastSeconds - slowestTask) / group,
                  averageSeconds),
              String.format("%.1f", summary.shippedBytes() / 1e6),
              FitProgress.duration(fitEta),
              jobEta < 0 ? "" : ", job ETA " + FitProgress.duration(jobEta),
              ProcessMemory.residentMegabytes());
        }
      }
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    FitProgress.fitFinished(seconds);
    return new TrainingResult(
        state.params,
        summaries,
        rounds.partitions,
        secondsBefore + seconds,
        seconds > 0 ? (rowsSeen - rowsBefore) / seconds : 0,
        shardBytes,
        sparse);
  }

  /**
   * Bytes one partition receives and returns per round, once per Spark job of {@code group} rounds:
   * the weights received as float32 and returned as {@code weightBytesOut} (float32, or a bfloat16
   * change), and the optimizer state where it is broadcast ({@code stateIn} floats) or returned
   * ({@code stateOut}).
   */
  static long shippedBytes(
      int params, long weightBytesOut, long stateIn, long stateOut, int group) {
    return ((long) Float.BYTES * (params + stateIn + stateOut) + weightBytesOut) / group;
  }

  /**
   * The optimizer states that partitions returned in a round that does not average them, by
   * partition: all of them where a checkpoint is due, else those of tasks that ran away from their
   * partition's cached state (a speculative copy, or one placed elsewhere after the locality wait)
   * and so could not keep it. Taken out of the outputs, which then sum as the others.
   */
  private static Map<Integer, float[]> returnedStates(List<List<RoundOutput>> byPartition) {
    Map<Integer, float[]> returned = new TreeMap<>();
    for (int p = 0; p < byPartition.size(); p++) {
      List<RoundOutput> outputs = byPartition.get(p);
      RoundOutput last = outputs.get(outputs.size() - 1);
      if (last.optimizerState.length > 0) {
        returned.put(p, last.optimizerState);
        last.optimizerState = TrainingState.NO_OPTIMIZER_STATE;
      }
    }
    return returned;
  }

  /** Kept states lost in a row, with no sync point between, before every round averages. */
  static final int MISSES_BEFORE_AVERAGING_EVERY_ROUND = 3;

  /**
   * What the driver had after the last round where it held every partition's optimizer state (an
   * averaging, or a checkpoint's round): where a lost kept state re-runs from.
   */
  private static final class SyncPoint {
    final int rounds;
    final TrainingState state;
    final float[] outerMomentum;
    final int summaries;
    final long rowsSeen;

    SyncPoint(
        int rounds, TrainingState state, float[] outerMomentum, int summaries, long rowsSeen) {
      this.rounds = rounds;
      this.state = state;
      this.outerMomentum = outerMomentum.clone();
      this.summaries = summaries;
      this.rowsSeen = rowsSeen;
    }
  }

  /**
   * {@code held}, marked as not cached where this executor's block manager did not store its block
   * (a holder made here when storage memory was short is handed to the task but not kept), so that
   * the task returns its state rather than keep it where the next task will not find it.
   */
  private static HeldOptimizerState keptHere(HeldOptimizerState held, int rdd, int partition) {
    if (held.cachedHere() && !storedHere(rdd, partition)) {
      held.notCached();
    }
    return held;
  }

  /** Whether this executor's block manager holds partition {@code partition} of RDD {@code rdd}. */
  static boolean storedHere(int rdd, int partition) {
    return SparkEnv.get().blockManager().getStatus(new RDDBlockId(rdd, partition)).isDefined();
  }

  /** An injected fault: the cached blocks go, as when Spark evicts them or loses an executor. */
  private static void dropCachedBlocks(JavaRDD<?> rdd) {
    LOG.warn("spark-da: injected fault: dropping the cached blocks of RDD {}", rdd.id());
    SparkEnv.get().blockManager().master().removeRdd(rdd.id(), true);
  }

  /** A round's losses for the progress line; domain accuracy only where there is one (DANN). */
  private static String losses(RoundSummary r) {
    return String.format(
        "labelLoss %.4f, alignmentLoss %.4f%s, lambda %.3f, lr %.5f",
        r.labelLoss(),
        r.alignmentLoss(),
        Double.isFinite(r.domainAccuracy())
            ? String.format(", domainAcc %.3f", r.domainAccuracy())
            : "",
        r.lambda(),
        r.learningRate());
  }

  /** How long one Spark job of a single partition's rounds aims to run. */
  static final double SECONDS_PER_JOB = 4.0;

  /**
   * Rounds the next Spark job runs, starting at round {@code first}. With several partitions, one:
   * the driver averages after every round. With one, nothing is averaged, so the rounds that fit in
   * about {@link #SECONDS_PER_JOB} (from the last job's seconds per round; one round first) run in
   * one task, which carries the state natively from round to round: Spark's per-round work (a job,
   * the weights and optimizer state out and back, 60-100 ms with Amazon's 6 MB here) is paid once
   * per job. A round computes the same in either case (its batches come from the seed, the round
   * and the partition), so the weights do not depend on the grouping. A job ends where a checkpoint
   * is due or an injected driver fault stops the fit, so both see that round's state.
   */
  static int roundsInJob(
      Rounds rounds,
      int first,
      double secondsPerRound,
      FitCheckpoints checkpoints,
      InjectedFaults faults) {
    if (rounds.partitions > 1 || secondsPerRound <= 0) {
      return 1;
    }
    int wanted = (int) Math.max(1, Math.min(rounds.count, SECONDS_PER_JOB / secondsPerRound));
    int group = 1;
    while (group < wanted
        && first + group < rounds.count
        && !checkpoints.due(first + group, rounds.count)
        && !faults.stopsAfter(first + group - 1)) {
      group++;
    }
    return group;
  }

  /**
   * The partitions' results summed in partition order, so that the average does not depend on which
   * task finished first (float sums are not associative; Spark's treeReduce merged results as they
   * arrived, and runs with more than 2 partitions differed in the last bits). {@code collect}
   * returns them by partition index; the driver holds one result per partition while it adds them,
   * as a one-level treeReduce did. A round never averages a partial set: fewer results than
   * partitions fail the fit.
   */
  static RoundOutput inPartitionOrder(List<RoundOutput> outputs, int partitions, int round) {
    if (outputs.size() != partitions) {
      throw new IllegalStateException(
          String.format(
              "round %d returned %d partition results instead of %d",
              round, outputs.size(), partitions));
    }
    RoundOutput sum = outputs.get(0);
    for (int i = 1; i < outputs.size(); i++) {
      sum.add(outputs.get(i));
    }
    return sum;
  }

  /**
   * Global steps of the whole fit: {@code maxEpochs} passes over the source rows, or {@code
   * minSteps} when that is more (a small source would otherwise stop after a few dozen updates).
   */
  static long totalSteps(TrainingConfig config, long sourceRows, long globalBatch) {
    long epochSteps = (long) Math.ceil(config.maxEpochs * (double) sourceRows / globalBatch);
    return Math.max(1, Math.max(epochSteps, config.minSteps));
  }

  /**
   * {@code localSteps}, except with one partition: there is nothing to average, so a round runs at
   * least an epoch's steps and Spark's per-round work (a job, the weights and optimizer state out
   * and back) is paid once per epoch. The schedules follow the global step either way.
   */
  static int stepsPerRound(TrainingConfig config, int partitions, long stepsPerEpoch) {
    if (partitions > 1) {
      return config.localSteps;
    }
    return (int) Math.max(config.localSteps, Math.min(stepsPerEpoch, Integer.MAX_VALUE));
  }

  private static Shard single(Iterator<Shard> it, int partition) {
    if (!it.hasNext()) {
      throw new IllegalStateException("partition " + partition + " holds no shard");
    }
    Shard shard = it.next();
    if (shard.sourceRows() == 0 || shard.targetRows() == 0) {
      throw new IllegalStateException(
          "shard "
              + partition
              + " lacks a domain: "
              + shard.sourceRows()
              + " source, "
              + shard.targetRows()
              + " target rows");
    }
    return shard;
  }
}
