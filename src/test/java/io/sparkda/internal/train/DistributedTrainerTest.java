package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkda.internal.nn.NetworkArchitecture;
import io.sparkda.testutil.SparkTestSession;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
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

  @Test
  void aRoundNeverAveragesAPartialSetOfPartitions() {
    RoundOutput one = new RoundOutput(new float[] {1f}, new float[0]);
    one.partitions = 1;
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> DistributedTrainer.inPartitionOrder(List.of(one), 2, 7));
    assertEquals("round 7 returned 1 partition results instead of 2", e.getMessage());
    RoundOutput other = new RoundOutput(new float[] {2f}, new float[0]);
    other.partitions = 1;
    RoundOutput sum = DistributedTrainer.inPartitionOrder(List.of(one, other), 2, 7);
    assertEquals(2, sum.partitions);
    assertEquals(1.5f, sum.average().params[0]);
  }

  /**
   * A task tells whether its executor stored its partition of the held-state RDD: a holder that the
   * block manager did not store keeps nothing (the task returns its state instead).
   */
  @Test
  void aTaskSeesWhetherItsPartitionIsStoredOnItsExecutor() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    JavaRDD<Integer> cached =
        jsc.parallelize(List.of(1, 2, 3, 4), 2).persist(StorageLevel.MEMORY_ONLY());
    JavaRDD<Integer> notCached = jsc.parallelize(List.of(1, 2, 3, 4), 2);
    try {
      cached.count();
      int id = cached.id();
      int other = notCached.id();
      assertEquals(List.of(true, true), storedHere(cached, id));
      assertEquals(List.of(false, false), storedHere(notCached, other));
      cached.unpersist(true);
      assertEquals(List.of(false, false), storedHere(notCached, id));
    } finally {
      cached.unpersist(true);
    }
  }

  /**
   * For each partition of {@code tasks}, whether its task's executor stores partition p of RDD
   * {@code rdd}.
   */
  private static List<Boolean> storedHere(JavaRDD<Integer> tasks, int rdd) {
    return tasks
        .mapPartitionsWithIndex(
            (p, it) -> List.of(DistributedTrainer.storedHere(rdd, p)).iterator(), false)
        .collect();
  }
}
