package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkda.internal.nn.NetworkArchitecture;
import org.junit.jupiter.api.Test;

class DistributedTrainerTest {
  private static TrainingConfig config(int maxEpochs, int localSteps) {
    return TrainingConfig.builder(new NetworkArchitecture(2, new int[] {4}, 2, new int[] {3}))
        .maxEpochs(maxEpochs)
        .localSteps(localSteps)
        .build();
  }

  @Test
  void onePartitionRunsAtLeastAnEpochPerRoundSinceNothingIsAveraged() {
    // 20 epochs of 32 steps.
    assertEquals(10, DistributedTrainer.stepsPerRound(config(20, 10), 2, 640));
    assertEquals(32, DistributedTrainer.stepsPerRound(config(20, 10), 1, 640));
    assertEquals(50, DistributedTrainer.stepsPerRound(config(20, 50), 1, 640));
  }
}
