package io.sparkda.internal.train;

import io.sparkda.internal.nn.EngineInfo;
import io.sparkda.internal.nn.FeatureRows;
import io.sparkda.internal.nn.NativeThreads;
import io.sparkda.internal.nn.NetworkTrainer;
import io.sparkda.internal.nn.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * Runs rounds of local steps on one shard, inside a Spark task. Knows no Spark API.
 *
 * <p>The rows of every step of a round are drawn up front, from a stream seeded by the seed, the
 * round and the partition, so a round computes the same whether it runs alone in a task or after
 * others in the same task ({@link #run(Shard, int, TrainingState, TrainingConfig, List,
 * IntConsumer)}). Each step gathers its source and target batch in one operation from the shard's
 * features (natively for dense rows, as a sparse tensor for CSR rows). Gathering the whole round at
 * once instead was as slow as the steps themselves on wide data (3,200 rows x 5,000 features = 64
 * MB per domain, freshly allocated every round). Weights and optimizer state stay native for all
 * the task's rounds ({@link NetworkTrainer}).
 */
final class LocalTrainer {
  private LocalTrainer() {}

  /** One round, its optimizer state from {@code start}. */
  static RoundOutput run(
      Shard shard, int partition, TrainingState start, TrainingConfig config, RoundPlan plan) {
    return run(shard, new HeldOptimizerState(0), partition, start, config, List.of(plan), r -> {})
        .get(0);
  }

  /**
   * Consecutive rounds, the state carried natively from each to the next (with one partition
   * nothing is averaged between rounds). Every round's output has its losses and counts; only the
   * last one holds the weights, and the optimizer state if its round averages it ({@link
   * RoundPlan#averagesOptimizerState}); otherwise {@code held} keeps the state for the next round,
   * and the output returns it too where a checkpoint needs it or {@code held} is a copy from
   * another executor (which keeps nothing for the partition's next task). The optimizer state comes
   * from {@code start} when it carries one for this partition (after an averaging or a returned
   * state), else from {@code held}; when neither has it, the one output says so ({@link
   * RoundOutput#stateMissing}) and no step runs.
   *
   * @param afterRound called with each (0-based) round once its steps are done
   */
  static List<RoundOutput> run(
      Shard shard,
      HeldOptimizerState held,
      int partition,
      TrainingState start,
      TrainingConfig config,
      List<RoundPlan> plans,
      IntConsumer afterRound) {
    RoundPlan first = plans.get(0);
    RoundPlan last = plans.get(plans.size() - 1);
    int n = start.params.length;
    int stateSize = config.optimizer.stateSize(n);
    int keptSize = HeldOptimizerState.keptFloats(config.optimizer, n, last.keepsRoundingError);
    float[] optimizerState = start.optimizerStateOf(partition);
    if (optimizerState == null) {
      // What the executor kept after the previous round; the fit's first round starts from zeros,
      // the holder's own where it has them.
      optimizerState = held.after(first.round - 1);
      if (optimizerState == null && first.round == 0) {
        optimizerState = new float[keptSize];
      }
    }
    if (optimizerState == null) {
      return List.of(RoundOutput.stateMissing());
    }
    EngineInfo.logOnce(config.threadsPerTask);
    NativeThreads.useOnCurrentThread(config.threadsPerTask);
    List<RoundOutput> outputs = new ArrayList<>();
    float[] params = new float[n];
    float[] startState = optimizerState;
    float[] endState;
    boolean keeps = !last.averagesOptimizerState && held.cachedHere();
    boolean bfloat16Delta = last.bfloat16Delta;
    // The task's scope holds the shard's wrapper; the trainer owns its weights and state; each
    // step's inputs live in the step's scope.
    try (PointerScope task = new PointerScope();
        NetworkTrainer trainer =
            new NetworkTrainer(
                config.architecture, start.params, optimizerState, config.optimizer)) {
      FeatureRows.Batches features = shard.features.open();
      for (RoundPlan plan : plans) {
        outputs.add(round(shard, features, trainer, partition, config, plan));
        afterRound.accept(plan.round);
      }
      // Into the holder's array once the trainer has its copy, so that a task holds the state
      // once; written only once every round ran: a task that fails before this leaves the
      // previous round's state for its next attempt.
      endState =
          held.write(
              last.round,
              keptSize,
              keeps,
              state -> {
                trainer.copyState(params, state);
                if (bfloat16Delta) {
                  toBfloat16Delta(params, start.params, startState, state, stateSize);
                } else {
                  Arrays.fill(state, stateSize, state.length, 0f);
                }
              });
    }
    RoundOutput lastOutput = outputs.get(outputs.size() - 1);
    if (last.averagesOptimizerState) {
      lastOutput.withState(params, endState);
      return outputs;
    }
    lastOutput.ownStateKept = keeps;
    boolean returned = last.savesOptimizerState || !keeps;
    lastOutput.withState(params, returned ? endState : TrainingState.NO_OPTIMIZER_STATE);
    lastOutput.paramsAreBfloat16Delta = bfloat16Delta;
    return outputs;
  }

  /**
   * Replaces {@code params} (the weights after the round) by their change from {@code start} plus
   * the rounding error the round started with, rounded to bfloat16, and leaves the new rounding
   * error in {@code kept} after the optimizer's state (error feedback: what one round's rounding
   * drops, the next one ships). The error starts at zero where the state came without one (from the
   * driver). {@code startState} may be {@code kept} itself: each error is read before it is
   * written.
   */
  static void toBfloat16Delta(
      float[] params, float[] start, float[] startState, float[] kept, int stateSize) {
    boolean hasError = startState.length > stateSize;
    for (int i = 0; i < params.length; i++) {
      float delta = params[i] - start[i] + (hasError ? startState[stateSize + i] : 0f);
      float shipped = FloatArrays.roundToBfloat16(delta);
      kept[stateSize + i] = delta - shipped;
      params[i] = shipped;
    }
  }

  private static RoundOutput round(
      Shard shard,
      FeatureRows.Batches features,
      NetworkTrainer trainer,
      int partition,
      TrainingConfig config,
      RoundPlan plan) {
    long start = System.nanoTime();
    int batch = plan.batchPerPartition;
    int steps = plan.steps;
    SplittableRandom random =
        new SplittableRandom(config.seed * 1_000_003L + (long) plan.round * 7919L + partition);
    // Semi-supervised: each step also draws half a batch of labelled target rows for the label
    // loss, so that a few labels are seen in every step, not once in a while. The target batch of
    // the alignment term stays uniform over all target rows.
    int labelledBatch = shard.labelledTargetRows.length > 0 ? Math.max(1, batch / 2) : 0;
    // Per step: the source rows, then the target rows (offset by the source rows, as in the
    // shard's features), gathered as one batch.
    long[] rows = new long[steps * 2 * batch];
    long[] sourceLabels = new long[steps * batch];
    long[] labelledRows = new long[steps * labelledBatch];
    long[] labelledLabels = new long[steps * labelledBatch];
    int sourceCount = shard.sourceRows();
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < batch; i++) {
        int source = random.nextInt(sourceCount);
        rows[2 * s * batch + i] = source;
        sourceLabels[s * batch + i] = shard.sourceLabels[source];
        rows[(2 * s + 1) * batch + i] = sourceCount + random.nextInt(shard.targetRows());
      }
      for (int i = 0; i < labelledBatch; i++) {
        int target = shard.labelledTargetRows[random.nextInt(shard.labelledTargetRows.length)];
        labelledRows[s * labelledBatch + i] = sourceCount + target;
        labelledLabels[s * labelledBatch + i] = shard.targetLabels[target];
      }
    }

    RoundOutput out = new RoundOutput(null, null);
    for (int s = 0; s < steps; s++) {
      long step = plan.firstStep + s;
      double progress = plan.progress(step);
      float lambda = config.lambda.at(progress);
      float lr = config.learningRate.at(progress);
      try (PointerScope stepInputs = new PointerScope()) {
        Tensor x = features.gather(rows, 2 * s * batch, 2 * batch);
        Tensor ys = Tensors.longs(sourceLabels, s * batch, batch);
        Tensor xl =
            labelledBatch == 0
                ? null
                : features.gather(labelledRows, s * labelledBatch, labelledBatch);
        Tensor yl =
            labelledBatch == 0
                ? null
                : Tensors.longs(labelledLabels, s * labelledBatch, labelledBatch);
        NetworkTrainer.StepOutcome outcome =
            trainer.step(x, ys, xl, yl, config.alignment, lambda, lr, step + 1);
        // A non-finite loss or gradient would poison the parameters of every partition at the
        // next averaging: the step was not applied; count it (the driver warns, and fails the
        // fit when no step of a round was usable).
        if (!outcome.applied) {
          out.skippedSteps++;
          continue;
        }
        out.labelLoss += outcome.labelLoss;
        out.alignmentLoss += outcome.alignmentLoss;
        out.domainAccuracy += outcome.domainAccuracy;
      }
    }
    // Per-partition means over the applied steps, so that the driver's sum over partitions
    // divided by their count is a mean; NaN when no step was usable.
    long applied = plan.steps - out.skippedSteps;
    out.labelLoss = applied == 0 ? Double.NaN : out.labelLoss / applied;
    out.alignmentLoss = applied == 0 ? Double.NaN : out.alignmentLoss / applied;
    out.domainAccuracy = applied == 0 ? Double.NaN : out.domainAccuracy / applied;
    out.steps = plan.steps;
    out.sourceRowsSeen = (long) plan.steps * batch;
    out.partitions = 1;
    out.seconds = (System.nanoTime() - start) / 1e9;
    return out;
  }
}
