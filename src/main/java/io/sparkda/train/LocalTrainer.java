package io.sparkda.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.sparkda.nn.EngineInfo;
import io.sparkda.nn.NativeOptimizer;
import io.sparkda.nn.NativeThreads;
import io.sparkda.nn.NetworkTrainer;
import java.util.SplittableRandom;

/**
 * Runs one round's local steps on one shard, inside a Spark task. Knows no Spark API.
 *
 * <p>The rows of every step of the round are drawn up front (one index tensor per domain); each
 * step gathers its batch natively from the shard's tensors with its slice of those indices.
 * Gathering the whole round at once instead was as slow as the steps themselves on wide data
 * (3,200 rows x 5,000 features = 64 MB per domain, freshly allocated every round). Weights and
 * optimizer state stay native for the round ({@link NetworkTrainer}).
 */
final class LocalTrainer {
  private LocalTrainer() {}

  static RoundOutput run(
      Shard shard, int partition, TrainingState start, TrainingConfig config, RoundPlan plan) {
    EngineInfo.logOnce(config.threadsPerTask);
    NativeThreads.useOnCurrentThread(config.threadsPerTask);
    int batch = plan.batchPerPartition;
    int steps = plan.steps;
    SplittableRandom random = new SplittableRandom(
        config.seed * 1_000_003L + (long) plan.round * 7919L + partition);
    // Semi-supervised: each step also draws half a batch of labelled target rows for the label
    // loss, so that a few labels are seen in every step, not once in a while. The target batch of
    // the alignment term stays uniform over all target rows.
    int labelledBatch = shard.labelledTargetRows.length > 0 ? Math.max(1, batch / 2) : 0;
    long[] sourceRows = new long[steps * batch];
    long[] targetRows = new long[steps * batch];
    long[] labelledRows = new long[steps * labelledBatch];
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < batch; i++) {
        sourceRows[s * batch + i] = random.nextInt(shard.sourceRows());
        targetRows[s * batch + i] = random.nextInt(shard.targetRows());
      }
      for (int i = 0; i < labelledBatch; i++) {
        labelledRows[s * labelledBatch + i] =
            shard.labelledTargetRows[random.nextInt(shard.labelledTargetRows.length)];
      }
    }

    NativeOptimizer optimizer = NativeOptimizer.named(config.optimizer);
    RoundOutput out = new RoundOutput(new float[start.params.length],
        new float[start.optimizerState.length]);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray sourceX = shard.sourceFeatures(manager);
      NDArray sourceY = manager.create(shard.sourceLabels);
      NDArray targetX = shard.targetFeatures(manager);
      NDArray targetY = manager.create(shard.targetLabels);
      NDArray sourceIndex = manager.create(sourceRows);
      NDArray targetIndex = manager.create(targetRows);
      NDArray labelledIndex = manager.create(labelledRows);
      NetworkTrainer trainer = new NetworkTrainer(manager, config.architecture, start.params,
          start.optimizerState, optimizer);
      for (int s = 0; s < steps; s++) {
        long step = plan.firstStep + s;
        double progress = plan.progress(step);
        float lambda = Schedules.lambda(config.lambdaSchedule, config.lambdaMax, progress);
        float lr = Schedules.learningRate(config.learningRateSchedule, config.learningRate, progress);
        try (NDManager stepInputs = manager.newSubManager()) {
          NDArray rows = slice(sourceIndex, s, batch, stepInputs);
          NDArray labelled = labelledBatch == 0 ? null
              : slice(labelledIndex, s, labelledBatch, stepInputs);
          NetworkTrainer.StepOutcome outcome = trainer.step(
              gather(sourceX, rows, stepInputs), gather(sourceY, rows, stepInputs),
              gather(targetX, slice(targetIndex, s, batch, stepInputs), stepInputs),
              labelled == null ? null : gather(targetX, labelled, stepInputs),
              labelled == null ? null : gather(targetY, labelled, stepInputs),
              config.alignment, lambda, lr, step + 1);
          // A non-finite loss or gradient would poison the parameters of every partition at the
          // next averaging: the step was not applied; count it (the driver warns, and fails the
          // fit when no step of a round was usable).
          if (!outcome.applied) {
            out.skippedSteps++;
            continue;
          }
          out.labelLoss += outcome.labelLoss;
          out.domainLoss += outcome.domainLoss;
          out.domainAccuracy += outcome.domainAccuracy;
        }
      }
      trainer.copyState(out.params, out.optimizerState);
    }
    // Per-partition means over the applied steps, so that the driver's sum over partitions
    // divided by their count is a mean; NaN when no step was usable.
    long applied = plan.steps - out.skippedSteps;
    out.labelLoss = applied == 0 ? Double.NaN : out.labelLoss / applied;
    out.domainLoss = applied == 0 ? Double.NaN : out.domainLoss / applied;
    out.domainAccuracy = applied == 0 ? Double.NaN : out.domainAccuracy / applied;
    out.steps = plan.steps;
    out.sourceRowsSeen = (long) plan.steps * batch;
    out.partitions = 1;
    return out;
  }

  /** The rows {@code index} of {@code all}, as one native index operation, owned by {@code owner}. */
  private static NDArray gather(NDArray all, NDArray index, NDManager owner) {
    NDArray rows = all.get(new NDIndex("{}", index));
    rows.attach(owner);
    return rows;
  }

  /** Step {@code s}'s part of a round's row indices: a view, owned by {@code owner}. */
  private static NDArray slice(NDArray indices, int s, int size, NDManager owner) {
    NDArray view = indices.get(new NDIndex().addSliceDim((long) s * size, (long) (s + 1) * size));
    view.attach(owner);
    return view;
  }
}
