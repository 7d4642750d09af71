package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.internal.nn.Alignment;
import io.sparkda.internal.nn.DenseRows;
import io.sparkda.internal.nn.NetworkArchitecture;
import java.util.Arrays;
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
    RoundOutput out = LocalTrainer.run(shard, 0, start, config(), new RoundPlan(0, 0, 3, 3, 4));
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
    RoundOutput out = LocalTrainer.run(shard, 0, start, config(), new RoundPlan(0, 0, 3, 3, 4));
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
              new RoundPlan(0, 0, 3, 3, 4));
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
    RoundPlan plan = new RoundPlan(0, 0, 3, 3, 4);
    RoundOutput unlabelled =
        LocalTrainer.run(shard(new long[] {-1, -1}), 0, start(), config(), plan);
    RoundOutput semiSupervised =
        LocalTrainer.run(shard(new long[] {-1, 1}), 0, start(), config(), plan);
    assertFalse(
        Arrays.equals(unlabelled.params, semiSupervised.params),
        "the labelled target row entered the label loss");
  }
}
