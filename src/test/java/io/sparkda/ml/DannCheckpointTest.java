package io.sparkda.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.MoonsFixture;
import io.sparkda.testutil.SparkTestSession;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fit does when things fail: a task that fails and is re-run, a fit stopped after a round
 * and fitted again from its checkpoint. Faults are injected through the test-only Spark settings
 * {@code spark.sparkda.test.*}.
 */
class DannCheckpointTest {
  private static Dataset<Row> moons;

  @TempDir Path dir;

  @BeforeAll
  static void data() {
    moons = MoonsFixture.domains(SparkTestSession.get(), 300, 12).cache();
  }

  private static DannClassifier dann() {
    return DannClassifierTest.moonsDann(21)
        .setMaxEpochs(4)
        .setLocalSteps(3)
        .setCheckpointInterval(2);
  }

  @Test
  void aTaskThatFailsAndIsRunAgainComputesWhatTheFirstAttemptWould() throws InterruptedException {
    float[] unfaulted = dann().fit(moons).weights();
    float[] retried =
        failingOneTask(Map.of("failPartition", "1", "failRound", "2"), () -> dann().fit(moons));
    assertArrayEquals(unfaulted, retried);
  }

  /**
   * The weights of a fit in which the injected fault fails one task attempt, which Spark re-runs;
   * checks that exactly one attempt failed.
   */
  private static float[] failingOneTask(
      Map<String, String> faults, Supplier<DannClassificationModel> fit)
      throws InterruptedException {
    AtomicInteger failedTasks = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd task) {
            if (task.reason() instanceof ExceptionFailure) {
              failedTasks.incrementAndGet();
            }
          }
        };
    SparkTestSession.get().sparkContext().addSparkListener(listener);
    try {
      float[] weights = withFaults(faults, fit).weights();
      // Listener events arrive asynchronously.
      for (int i = 0; i < 100 && failedTasks.get() == 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(1, failedTasks.get(), "the injected fault failed one task attempt");
      return weights;
    } finally {
      SparkTestSession.get().sparkContext().removeSparkListener(listener);
    }
  }

  @Test
  void aStoppedFitResumesFromItsLatestCheckpointAndEndsWithTheSameWeights() {
    stoppedAndResumedEndsWithTheWeightsOfAnUninterruptedFit(dann());
  }

  /**
   * The outer optimizer's momentum is part of the state: a fit resumed without it would start its
   * next round from another point than the uninterrupted fit.
   */
  @Test
  void aFitWithOuterMomentumResumesWithTheSameWeights() {
    DannClassifier outer = dann().setOuterLearningRate(0.7).setOuterMomentum(0.9);
    float[] averaged = dann().fit(moons).weights();
    float[] stepped = stoppedAndResumedEndsWithTheWeightsOfAnUninterruptedFit(outer);
    assertTrue(!Arrays.equals(averaged, stepped), "the outer step changed the weights");
  }

  /**
   * A checkpoint between two averagings holds each partition's own optimizer state, which the
   * resumed fit sends back to each: checkpoints do not have to wait for an averaging, and do not
   * change what is computed.
   */
  @Test
  void aFitThatKeepsItsOptimizerStatesResumesFromACheckpointBetweenAveragings() {
    DannClassifier kept = dann().setOptimizerSyncInterval(3);
    float[] resumed = stoppedAndResumedEndsWithTheWeightsOfAnUninterruptedFit(kept);
    assertTrue(!Arrays.equals(dann().fit(moons).weights(), resumed), "the states were kept");
  }

  /** Returns the weights of the fit, which {@code dann} stopped after round 5 and resumed. */
  private float[] stoppedAndResumedEndsWithTheWeightsOfAnUninterruptedFit(DannClassifier dann) {
    DannClassificationModel uninterrupted = dann.copy(new ParamMap()).fit(moons);
    RoundSummary[] all = uninterrupted.summary().rounds();
    assertTrue(all.length >= 6, all.length + " rounds");

    DannClassifier checkpointed = dann.copy(new ParamMap()).setCheckpointDir(dir.toString());
    IllegalStateException stopped =
        assertThrows(
            IllegalStateException.class,
            () -> withFaults(Map.of("stopAfterRound", "5"), () -> checkpointed.fit(moons)));
    assertTrue(stopped.getMessage().contains("injected fault"), stopped.getMessage());
    // Every 2 rounds: the checkpoint of round 4 is the one left (older ones were deleted).
    assertArrayEquals(new String[] {"round-00000004.ckpt"}, checkpointFiles());

    DannClassificationModel resumed = checkpointed.fit(moons);
    assertArrayEquals(uninterrupted.weights(), resumed.weights());
    RoundSummary[] history = resumed.summary().rounds();
    assertEquals(all.length, history.length, "the history holds the checkpointed rounds too");
    for (int r = 0; r < all.length; r++) {
      assertEquals(all[r].labelLoss(), history[r].labelLoss(), "round " + (r + 1));
    }
    // The last round is always checkpointed: fitting again finds the fit finished.
    assertArrayEquals(
        new String[] {String.format("round-%08d.ckpt", all.length)}, checkpointFiles());
    assertArrayEquals(resumed.weights(), checkpointed.fit(moons).weights());
    return resumed.weights();
  }

  /**
   * Between averagings each partition's optimizer state stays in a cached block on its executor.
   * When the blocks go (evicted, or their executor lost), the rounds since the last averaging run
   * again from the state the driver kept there, so the fit ends with the weights of a fit that lost
   * nothing.
   */
  @Test
  void keptOptimizerStatesThatAreLostAreRecomputedFromTheLastAveraging() {
    DannClassifier kept = dann().setOptimizerSyncInterval(3);
    DannClassificationModel everyRound = dann().setOptimizerSyncInterval(1).fit(moons);
    DannClassificationModel undisturbed = kept.copy(new ParamMap()).fit(moons);
    assertTrue(
        !Arrays.equals(everyRound.weights(), undisturbed.weights()),
        "keeping the state between averagings changed the weights");
    // Weights both ways every round; the state out at an averaging (round 3) and in after it.
    long weightBytes = 2L * Float.BYTES * undisturbed.weights().length;
    RoundSummary[] rounds = undisturbed.summary().rounds();
    assertEquals(weightBytes, rounds[1].shippedBytes(), "round 2 ships the weights alone");
    assertEquals(2 * weightBytes, rounds[2].shippedBytes(), "round 3 returns the state too");
    assertEquals(3 * weightBytes, everyRound.summary().rounds()[1].shippedBytes());

    List<String> jobs = new CopyOnWriteArrayList<>();
    DannClassificationModel dropped =
        recordingJobs(
            jobs, () -> withFaults(Map.of("dropHeldStateAfterRound", "4"), () -> kept.fit(moons)));
    assertArrayEquals(undisturbed.weights(), dropped.weights());
    RoundSummary[] history = dropped.summary().rounds();
    assertEquals(rounds.length, history.length, "the re-run rounds are counted once");
    for (int r = 0; r < rounds.length; r++) {
      assertEquals(rounds[r].labelLoss(), history[r].labelLoss(), "round " + (r + 1));
    }
    // Round 5 found no state: rounds 4 and 5 ran again from the averaging after round 3.
    assertEquals(1, jobsOfRound(jobs, 3, rounds.length), jobs.toString());
    assertEquals(2, jobsOfRound(jobs, 4, rounds.length), jobs.toString());
    assertEquals(2, jobsOfRound(jobs, 5, rounds.length), jobs.toString());
  }

  /**
   * A task that runs on another executor than its partition's kept state (a speculative copy, or
   * one placed after the locality wait) works on a copy of it, so it returns its state, which goes
   * back to the partition with the next round's weights: the fit computes what it would have.
   */
  @Test
  void aTaskAwayFromItsKeptOptimizerStateReturnsItWithTheSameResult() {
    DannClassifier kept = dann().setOptimizerSyncInterval(3);
    DannClassificationModel undisturbed = kept.copy(new ParamMap()).fit(moons);
    DannClassificationModel displaced =
        withFaults(Map.of("displacedPartition", "1"), () -> kept.fit(moons));
    assertArrayEquals(undisturbed.weights(), displaced.weights());
    RoundSummary[] rounds = undisturbed.summary().rounds();
    RoundSummary[] history = displaced.summary().rounds();
    assertEquals(rounds.length, history.length, "no round ran again");
    // Round 2 averages nothing: partition 1 returns its state, and round 3 receives it.
    assertTrue(
        history[1].shippedBytes() > rounds[1].shippedBytes(), history[1] + " against " + rounds[1]);
  }

  /**
   * With bfloat16 weight changes each partition's rounding error stays with its optimizer state: a
   * fit that loses the kept states, or runs a task away from its state, still ends with the weights
   * of an undisturbed fit; the changes travel in half the bytes.
   */
  @Test
  void bfloat16ChangesKeepTheirErrorWithTheStateThroughLossesAndDisplacedTasks() {
    DannClassifier bf16 = dann().setOptimizerSyncInterval(3).setDeltaPrecision("bfloat16");
    DannClassificationModel float32 = dann().setOptimizerSyncInterval(3).fit(moons);
    DannClassificationModel undisturbed = bf16.copy(new ParamMap()).fit(moons);
    assertTrue(
        !Arrays.equals(float32.weights(), undisturbed.weights()), "the rounding changed weights");
    int n = undisturbed.weights().length;
    RoundSummary[] rounds = undisturbed.summary().rounds();
    assertEquals(
        (long) (Float.BYTES + Short.BYTES) * n,
        rounds[1].shippedBytes(),
        "round 2: float32 weights in, a bfloat16 change out");
    assertEquals(2L * Float.BYTES * n, float32.summary().rounds()[1].shippedBytes());
    assertEquals(
        float32.summary().rounds()[2].shippedBytes(),
        rounds[2].shippedBytes(),
        "an averaging round returns float32 weights");

    DannClassificationModel dropped =
        withFaults(Map.of("dropHeldStateAfterRound", "4"), () -> bf16.fit(moons));
    assertArrayEquals(undisturbed.weights(), dropped.weights());
    DannClassificationModel displaced =
        withFaults(Map.of("displacedPartition", "1"), () -> bf16.fit(moons));
    assertArrayEquals(undisturbed.weights(), displaced.weights());
  }

  /** Runs {@code fit}, adding the description of every Spark job it starts to {@code jobs}. */
  private static <T> T recordingJobs(List<String> jobs, Supplier<T> fit) {
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart job) {
            jobs.add(String.valueOf(job.properties().getProperty("spark.job.description")));
          }
        };
    SparkTestSession.get().sparkContext().addSparkListener(listener);
    try {
      return fit.get();
    } finally {
      SparkTestSession.get().sparkContext().removeSparkListener(listener);
    }
  }

  private static long jobsOfRound(List<String> jobs, int round, int rounds) {
    return jobs.stream().filter(d -> d.endsWith(": round " + round + "/" + rounds)).count();
  }

  /**
   * With one partition consecutive rounds run in one Spark job (nothing to average between them),
   * which changes nothing computed: the weights and every round's losses equal those of a fit whose
   * checkpoint after every round keeps each job to one round; a task of several rounds that fails
   * is re-run whole, to the same weights.
   */
  @Test
  void onePartitionRunsRoundsTogetherInOneJobWithTheWeightsOfOneRoundPerJob()
      throws InterruptedException {
    DannClassifier onePartition = dann().setNumPartitions(1).setMaxEpochs(12);
    DannClassificationModel perRound =
        onePartition
            .copy(new ParamMap())
            .setCheckpointDir(dir.toString())
            .setCheckpointInterval(1)
            .fit(moons);
    List<String> jobs = new CopyOnWriteArrayList<>();
    DannClassificationModel grouped = recordingJobs(jobs, () -> onePartition.fit(moons));
    assertArrayEquals(perRound.weights(), grouped.weights());
    RoundSummary[] expected = perRound.summary().rounds();
    RoundSummary[] got = grouped.summary().rounds();
    assertEquals(expected.length, got.length);
    for (int r = 0; r < expected.length; r++) {
      assertEquals(expected[r].labelLoss(), got[r].labelLoss(), "round " + (r + 1));
    }
    assertTrue(
        jobs.stream().anyMatch(d -> d.matches(".*: rounds [0-9]+-[0-9]+/" + expected.length)),
        "some job ran several rounds: " + jobs);

    float[] retried =
        failingOneTask(
            Map.of("failPartition", "0", "failRound", String.valueOf(expected.length - 1)),
            () -> onePartition.fit(moons));
    assertArrayEquals(grouped.weights(), retried);
  }

  @Test
  void aCheckpointOfAnotherFitIsRefusedWithWhatDiffers() {
    dann().setCheckpointDir(dir.toString()).setLearningRate(0.01).setMaxEpochs(1).fit(moons);
    IllegalArgumentException otherParams =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                dann()
                    .setCheckpointDir(dir.toString())
                    .setLearningRate(0.02)
                    .setMaxEpochs(1)
                    .fit(moons));
    String message = otherParams.getMessage();
    assertTrue(message.startsWith("checkpointDir file:" + dir), message);
    assertTrue(message.contains("learningRate: checkpoint 0.01, this fit 0.02"), message);

    Dataset<Row> otherData = MoonsFixture.domains(SparkTestSession.get(), 300, 13);
    IllegalArgumentException otherRows =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                dann()
                    .setCheckpointDir(dir.toString())
                    .setLearningRate(0.01)
                    .setMaxEpochs(1)
                    .fit(otherData));
    assertTrue(otherRows.getMessage().contains("data: checkpoint "), otherRows.getMessage());
    assertTrue(!otherRows.getMessage().contains("learningRate"), otherRows.getMessage());

    // Threads and output columns do not change what is learnt: the checkpoint still resumes.
    dann()
        .setCheckpointDir(dir.toString())
        .setLearningRate(0.01)
        .setMaxEpochs(1)
        .setThreadsPerTask(2)
        .setPredictionCol("p")
        .fit(moons);
  }

  private String[] checkpointFiles() {
    String[] names = new File(dir.toString()).list((d, name) -> !name.startsWith("."));
    Arrays.sort(names);
    return names;
  }

  private static <T> T withFaults(Map<String, String> faults, Supplier<T> fit) {
    RuntimeConfig conf = SparkTestSession.get().conf();
    faults.forEach((key, value) -> conf.set("spark.sparkda.test." + key, value));
    try {
      return fit.get();
    } finally {
      faults.keySet().forEach(key -> conf.unset("spark.sparkda.test." + key));
    }
  }
}
