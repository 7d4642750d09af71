package io.sparkda.train;

import ai.djl.ndarray.NDManager;
import io.sparkda.nn.Alignment;
import io.sparkda.nn.DannStep;
import io.sparkda.nn.EngineInfo;
import io.sparkda.nn.NativeThreads;
import io.sparkda.nn.NetworkArchitecture;
import java.util.SplittableRandom;

/** Runs one round's local steps on one shard, inside a Spark task. Knows no Spark API. */
final class LocalTrainer {
  private LocalTrainer() {}

  private static boolean allFinite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  static RoundOutput run(
      Shard shard, int partition, TrainingState start, TrainingConfig config, RoundPlan plan) {
    EngineInfo.logOnce(config.threadsPerTask);
    NativeThreads.useOnCurrentThread(config.threadsPerTask);
    NetworkArchitecture architecture = config.architecture;
    int d = architecture.numFeatures();
    int batch = plan.batchPerPartition;
    // The broadcast value is shared by the tasks of one executor: work on copies.
    float[] params = start.params.clone();
    float[] optimizerState = start.optimizerState.clone();
    Optimizer optimizer = Optimizer.named(config.optimizer);
    SplittableRandom random = new SplittableRandom(
        config.seed * 1_000_003L + (long) plan.round * 7919L + partition);

    float[] sourceX = new float[batch * d];
    long[] sourceY = new long[batch];
    float[] targetX = new float[batch * d];
    // Semi-supervised: each step also draws half a batch of labelled target rows for the label
    // loss, so that a few labels are seen in every step, not once in a while. The target batch of
    // the alignment term stays uniform over all target rows.
    int labelledBatch = shard.labelledTargetRows.length > 0 ? Math.max(1, batch / 2) : 0;
    float[] labelledX = labelledBatch > 0 ? new float[labelledBatch * d] : null;
    long[] labelledY = labelledBatch > 0 ? new long[labelledBatch] : null;
    Alignment alignment = config.alignment;
    RoundOutput out = new RoundOutput(params, optimizerState);
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int s = 0; s < plan.steps; s++) {
        long step = plan.firstStep + s;
        double progress = plan.progress(step);
        float lambda = Schedules.lambda(config.lambdaSchedule, config.lambdaMax, progress);
        float lr = Schedules.learningRate(config.learningRateSchedule, config.learningRate, progress);
        for (int i = 0; i < batch; i++) {
          int row = random.nextInt(shard.sourceRows());
          System.arraycopy(shard.sourceFeatures, row * d, sourceX, i * d, d);
          sourceY[i] = shard.sourceLabels[row];
          System.arraycopy(shard.targetFeatures, random.nextInt(shard.targetRows()) * d,
              targetX, i * d, d);
        }
        for (int i = 0; i < labelledBatch; i++) {
          int row = shard.labelledTargetRows[random.nextInt(shard.labelledTargetRows.length)];
          System.arraycopy(shard.targetFeatures, row * d, labelledX, i * d, d);
          labelledY[i] = shard.targetLabels[row];
        }
        DannStep.Result result = DannStep.compute(manager, architecture, params, sourceX, sourceY,
            targetX, labelledX, labelledY, alignment, lambda);
        // A non-finite loss or gradient would poison the parameters of every partition at the
        // next averaging: skip that update and count it (the driver warns, and fails the fit
        // when no step of a round was usable).
        if (!Double.isFinite(result.labelLoss) || !Double.isFinite(result.domainLoss)
            || !allFinite(result.gradient)) {
          out.skippedSteps++;
          continue;
        }
        optimizer.update(params, optimizerState, result.gradient, lr, step + 1);
        out.labelLoss += result.labelLoss;
        out.domainLoss += result.domainLoss;
        out.domainAccuracy += result.domainAccuracy;
      }
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
}
