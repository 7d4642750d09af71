package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.internal.nn.Alignment;
import io.sparkda.internal.nn.DenseRows;
import io.sparkda.internal.nn.NetworkArchitecture;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocalTrainerTest {
  private static final NetworkArchitecture ARCH =
      new NetworkArchitecture(2, new int[] {4}, 2, new int[] {3});

  private static TrainingConfig config() {
    return config(Alignment.ADVERSARIAL);
  }

  private static TrainingConfig config(Alignment alignment) {
    return TrainingConfig.builder(ARCH)
        .alignment(alignment)
        .maxEpochs(1)
        .batchSize(4)
        .learningRate(Schedules.learningRate(Schedules.CONSTANT, 0.01))
        .localSteps(3)
        .numPartitions(1)
        .seed(7)
        .build();
  }

  private static Shard shard(long[] targetLabels) {
    return shard(
        new float[] {0, 1, 1, 0, 2, 2, 0.5f, 0.5f, 1, 1}, new long[] {0, 1, 1}, targetLabels);
  }

  /** Two features per row: the source rows, then the target rows. */
  private static Shard shard(float[] features, long[] sourceLabels, long[] targetLabels) {
    int rows = sourceLabels.length + targetLabels.length;
    return new Shard(new DenseRows(features, rows, 2), sourceLabels, targetLabels);
  }

  private static TrainingState start() {
    return new TrainingState(ARCH.initialParameters(7), new float[2 * ARCH.numParameters()]);
  }

  @Test
  void appliesEveryFiniteStep() {
    Shard shard = shard(new long[] {-1, -1});
    TrainingState start = start();
    RoundOutput out =
        LocalTrainer.run(shard, 0, start, config(), new RoundPlan(0, 0, 3, 3, 4, true, false));
    assertEquals(0, out.skippedSteps);
    assertEquals(3, out.steps);
    assertTrue(Double.isFinite(out.labelLoss));
    assertFalse(Arrays.equals(start.params, out.params), "parameters moved");
  }

  @Test
  void skipsStepsWithNonFiniteLossAndKeepsParametersFinite() {
    // Every source row has a NaN feature, so every step's loss is NaN: nothing may be applied.
    Shard shard =
        shard(
            new float[] {Float.NaN, 1, Float.NaN, 0, 0.5f, 0.5f},
            new long[] {0, 1},
            new long[] {-1});
    TrainingState start = start();
    RoundOutput out =
        LocalTrainer.run(shard, 0, start, config(), new RoundPlan(0, 0, 3, 3, 4, true, false));
    assertEquals(3, out.skippedSteps);
    assertTrue(Double.isNaN(out.labelLoss), "a round with no usable step reports NaN");
    assertArrayEquals(start.params, out.params, "parameters untouched");
  }

  @Test
  void everyAlignmentTrainsWithFiniteLosses() {
    for (Alignment alignment : Alignment.values()) {
      RoundOutput out =
          LocalTrainer.run(
              shard(new long[] {-1, -1}),
              0,
              start(),
              config(alignment),
              new RoundPlan(0, 0, 3, 3, 4, true, false));
      assertEquals(0, out.skippedSteps, alignment.paramValue());
      assertTrue(
          Double.isFinite(out.labelLoss) && Double.isFinite(out.alignmentLoss),
          alignment.paramValue());
      assertEquals(
          alignment == Alignment.ADVERSARIAL,
          Double.isFinite(out.domainAccuracy),
          "domain accuracy exists for the adversarial alignment only: " + alignment.paramValue());
    }
  }

  @Test
  void labelledTargetRowsChangeTheUpdate() {
    RoundPlan plan = new RoundPlan(0, 0, 3, 3, 4, true, false);
    RoundOutput unlabelled =
        LocalTrainer.run(shard(new long[] {-1, -1}), 0, start(), config(), plan);
    RoundOutput semiSupervised =
        LocalTrainer.run(shard(new long[] {-1, 1}), 0, start(), config(), plan);
    assertFalse(
        Arrays.equals(unlabelled.params, semiSupervised.params),
        "the labelled target row entered the label loss");
  }

  /**
   * A round that does not average its optimizer state keeps it in the holder, and the next round
   * continues from it exactly as from a broadcast copy; without it the round runs no step.
   */
  @Test
  void aRoundThatKeepsItsOptimizerStateContinuesFromItAsFromABroadcastOne() {
    Shard shard = shard(new long[] {-1, -1});
    RoundPlan first = new RoundPlan(0, 0, 3, 6, 4, true, false);
    RoundPlan second = new RoundPlan(1, 3, 3, 6, 4, true, false);
    RoundOutput shipped = LocalTrainer.run(shard, 0, start(), config(), first);
    RoundOutput shippedNext =
        LocalTrainer.run(
            shard, 0, new TrainingState(shipped.params, shipped.optimizerState), config(), second);

    HeldOptimizerState held = new HeldOptimizerState(0);
    RoundOutput kept =
        only(
            LocalTrainer.run(
                shard,
                held,
                0,
                start(),
                config(),
                List.of(new RoundPlan(0, 0, 3, 6, 4, false, false)),
                r -> {}));
    assertEquals(0, kept.optimizerState.length, "the state stayed on the executor");
    assertArrayEquals(shipped.params, kept.params);
    assertArrayEquals(shipped.optimizerState, held.after(0));
    TrainingState weightsOnly = new TrainingState(kept.params, TrainingState.NO_OPTIMIZER_STATE);
    RoundOutput keptNext =
        only(LocalTrainer.run(shard, held, 0, weightsOnly, config(), List.of(second), r -> {}));
    assertArrayEquals(shippedNext.params, keptNext.params);
    assertArrayEquals(shippedNext.optimizerState, keptNext.optimizerState);

    // Where a checkpoint is due the round returns its state and keeps it too.
    HeldOptimizerState saving = new HeldOptimizerState(0);
    RoundOutput saved =
        only(
            LocalTrainer.run(
                shard,
                saving,
                0,
                start(),
                config(),
                List.of(new RoundPlan(0, 0, 3, 6, 4, false, true)),
                r -> {}));
    assertArrayEquals(shipped.optimizerState, saved.optimizerState);
    assertArrayEquals(shipped.optimizerState, saving.after(0));

    RoundOutput lost =
        only(
            LocalTrainer.run(
                shard,
                new HeldOptimizerState(0),
                0,
                weightsOnly,
                config(),
                List.of(second),
                r -> {}));
    assertTrue(lost.stateMissing, "a new holder has no state");
    assertEquals(0, lost.steps);
    RoundPlan third = new RoundPlan(2, 6, 3, 9, 4, true, false);
    assertTrue(
        only(LocalTrainer.run(shard, held, 0, weightsOnly, config(), List.of(third), r -> {}))
            .stateMissing,
        "the holder has round 0's state, not round 1's");
  }

  /**
   * A holder of the state's size gives the first round its zeros and takes each round's state in
   * that same array, with the results of a round that ships its state.
   */
  @Test
  void aSizedHolderStartsFromItsZerosAndTakesEachStateInTheSameArray() {
    Shard shard = shard(new long[] {-1, -1});
    RoundPlan first = new RoundPlan(0, 0, 3, 9, 4, true, false);
    RoundPlan second = new RoundPlan(1, 3, 3, 9, 4, true, false);
    RoundOutput shipped = LocalTrainer.run(shard, 0, start(), config(), first);
    RoundOutput shippedNext =
        LocalTrainer.run(
            shard, 0, new TrainingState(shipped.params, shipped.optimizerState), config(), second);

    HeldOptimizerState held = new HeldOptimizerState(2 * ARCH.numParameters());
    float[] zeros = held.after(-1);
    TrainingState noState =
        new TrainingState(ARCH.initialParameters(7), TrainingState.NO_OPTIMIZER_STATE);
    RoundOutput kept =
        only(
            LocalTrainer.run(
                shard,
                held,
                0,
                noState,
                config(),
                List.of(new RoundPlan(0, 0, 3, 9, 4, false, false)),
                r -> {}));
    assertArrayEquals(shipped.params, kept.params);
    assertSame(zeros, held.after(0), "round 0's state in the holder's own array");
    assertArrayEquals(shipped.optimizerState, held.after(0));
    RoundOutput averaged =
        only(
            LocalTrainer.run(
                shard,
                held,
                0,
                new TrainingState(kept.params, TrainingState.NO_OPTIMIZER_STATE),
                config(),
                List.of(second),
                r -> {}));
    assertArrayEquals(shippedNext.params, averaged.params);
    assertArrayEquals(shippedNext.optimizerState, averaged.optimizerState);
    assertNull(held.after(0), "the returned state was written over the kept one");
  }

  /**
   * Error feedback: each round ships its change rounded to bfloat16 and keeps what the rounding
   * dropped, which the next round ships; over the rounds the shipped changes add up to the true
   * ones but for the last round's error.
   */
  @Test
  void bfloat16ChangesCarryTheirRoundingErrorIntoTheNextRound() {
    int n = 1000;
    int stateSize = 4;
    Random random = new Random(3);
    float[] start = new float[n];
    float[] kept = new float[stateSize + n];
    double[] trueSum = new double[n];
    double[] shippedSum = new double[n];
    for (int round = 0; round < 20; round++) {
      float[] params = new float[n];
      for (int i = 0; i < n; i++) {
        params[i] = start[i] + (float) (1e-3 * random.nextGaussian());
        trueSum[i] += (double) params[i] - start[i];
      }
      float[] end = params.clone();
      LocalTrainer.toBfloat16Delta(
          params, start, round == 0 ? new float[stateSize] : kept, kept, 4);
      for (int i = 0; i < n; i++) {
        assertEquals(0, Float.floatToRawIntBits(params[i]) & 0xFFFF, "a bfloat16 value");
        shippedSum[i] += params[i];
      }
      start = end;
    }
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(trueSum[i] - shippedSum[i] - kept[stateSize + i]));
    }
    assertTrue(worst < 1e-6, "shipped + kept error = true sum, off by " + worst);
    // The error stays below one bfloat16 rounding of a change, it does not accumulate.
    for (int i = 0; i < n; i++) {
      assertTrue(Math.abs(kept[stateSize + i]) < 1e-4, "error " + kept[stateSize + i]);
    }
  }

  private static RoundOutput only(List<RoundOutput> outputs) {
    assertEquals(1, outputs.size());
    return outputs.get(0);
  }
}
