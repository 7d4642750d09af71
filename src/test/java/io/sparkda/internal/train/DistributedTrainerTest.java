package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkda.internal.nn.NetworkArchitecture;
import org.junit.jupiter.api.Test;

class DistributedTrainerTest {
  private static TrainingConfig config(int maxEpochs, int localSteps) {
    return config(maxEpochs, localSteps, 0);
  }

  private static TrainingConfig config(int maxEpochs, int localSteps, int minSteps) {
    return TrainingConfig.builder(new NetworkArchitecture(2, new int[] {4}, 2, new int[] {3}))
        .maxEpochs(maxEpochs)
        .localSteps(localSteps)
        .minSteps(minSteps)
        .build();
  }

  @Test
  void onePartitionRunsAtLeastAnEpochPerRoundSinceNothingIsAveraged() {
    // 20 epochs of 32 steps.
    assertEquals(10, DistributedTrainer.stepsPerRound(config(20, 10), 2, 32));
    assertEquals(32, DistributedTrainer.stepsPerRound(config(20, 10), 1, 32));
    assertEquals(50, DistributedTrainer.stepsPerRound(config(20, 50), 1, 32));
  }

  @Test
  void minStepsRaisesASmallSourcesStepsAndNeverLowersTheEpochBudget() {
    // 157 source rows in batches of 64: 20 epochs are 50 steps.
    assertEquals(50, DistributedTrainer.totalSteps(config(20, 5), 157, 64));
    assertEquals(500, DistributedTrainer.totalSteps(config(20, 5, 500), 157, 64));
    // 2,000 rows: 20 epochs are 625 steps, more than minSteps asks.
    assertEquals(625, DistributedTrainer.totalSteps(config(20, 5, 500), 2000, 64));
  }
}
