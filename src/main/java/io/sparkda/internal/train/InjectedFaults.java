package io.sparkda.internal.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.RuntimeConfig;

/**
 * Faults that spark-da's own fault tests inject into training rounds, read from Spark settings
 * under {@value #PREFIX} (a job sets them in its {@code spark { }} section). Never set in real use;
 * they are Spark settings rather than Params so that they cannot end up in a saved model, a
 * pipeline or the job's reference config.
 *
 * <ul>
 *   <li>{@code failPartition} and {@code failRound}: the first attempt of that partition's task in
 *       that (1-based) round fails after its local steps, so Spark re-runs it.
 *   <li>{@code slowPartition} and {@code slowMillis}: the first attempt of that partition's task in
 *       every round sleeps that long first, so that speculative execution runs a copy.
 *   <li>{@code stopAfterRound}: the fit fails on the driver after that (1-based) round and its
 *       checkpoint, as if the driver had been killed there.
 *   <li>{@code stopAfterSelfTrainingRound}: self-training fails once that (0-based) round's
 *       pseudo-labels are checkpointed.
 *   <li>{@code dropHeldStateAfterRound}: after that (1-based) round, once per fit, the driver
 *       removes the cached blocks that keep each partition's optimizer state between averagings, as
 *       Spark does when it evicts them or loses their executor.
 *   <li>{@code displacedPartition}: that partition's tasks see their kept optimizer state through a
 *       serialized copy, as a task on another executor than the state's (a speculative copy, or one
 *       placed after the locality wait) reads it.
 * </ul>
 */
public final class InjectedFaults implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String PREFIX = "spark.sparkda.test.";

  static final InjectedFaults NONE = new InjectedFaults(-1, -1, -1, 0, -1, -1, -1);

  private final int failPartition;
  private final int failRound;
  private final int slowPartition;
  private final long slowMillis;
  private final int stopAfterRound;
  private final int dropHeldStateAfterRound;
  private final int displacedPartition;

  InjectedFaults(
      int failPartition,
      int failRound,
      int slowPartition,
      long slowMillis,
      int stopAfterRound,
      int dropHeldStateAfterRound,
      int displacedPartition) {
    this.failPartition = failPartition;
    this.failRound = failRound;
    this.slowPartition = slowPartition;
    this.slowMillis = slowMillis;
    this.stopAfterRound = stopAfterRound;
    this.dropHeldStateAfterRound = dropHeldStateAfterRound;
    this.displacedPartition = displacedPartition;
  }

  static InjectedFaults from(RuntimeConfig conf) {
    int failPartition = Integer.parseInt(conf.get(PREFIX + "failPartition", "-1"));
    int failRound = Integer.parseInt(conf.get(PREFIX + "failRound", "-1"));
    int slowPartition = Integer.parseInt(conf.get(PREFIX + "slowPartition", "-1"));
    long slowMillis = Long.parseLong(conf.get(PREFIX + "slowMillis", "0"));
    int stopAfterRound = Integer.parseInt(conf.get(PREFIX + "stopAfterRound", "-1"));
    int dropHeld = Integer.parseInt(conf.get(PREFIX + "dropHeldStateAfterRound", "-1"));
    int displaced = Integer.parseInt(conf.get(PREFIX + "displacedPartition", "-1"));
    return failPartition < 0
            && slowPartition < 0
            && stopAfterRound < 0
            && dropHeld < 0
            && displaced < 0
        ? NONE
        : new InjectedFaults(
            failPartition,
            failRound,
            slowPartition,
            slowMillis,
            stopAfterRound,
            dropHeld,
            displaced);
  }

  boolean any() {
    return this != NONE;
  }

  /** Before a partition's local steps: the slow partition's first attempt sleeps. */
  void beforeSteps(int partition) {
    if (partition == slowPartition && firstAttempt()) {
      try {
        Thread.sleep(slowMillis);
      } catch (InterruptedException e) {
        // A speculative copy won and Spark killed this attempt: stop here.
        Thread.currentThread().interrupt();
        throw new IllegalStateException("injected slow partition " + partition + " interrupted", e);
      }
    }
  }

  /** After a partition's local steps (0-based round): the chosen task's first attempt fails. */
  void afterSteps(int partition, int round) {
    if (partition == failPartition && round + 1 == failRound && firstAttempt()) {
      throw new IllegalStateException(
          "injected fault: first attempt of partition " + partition + " in round " + failRound);
    }
  }

  /** On the driver, once a self-training round's pseudo-labels are checkpointed. */
  public static void afterSelfTrainingRound(RuntimeConfig conf, int round) {
    if (Integer.parseInt(conf.get(PREFIX + "stopAfterSelfTrainingRound", "-1")) == round) {
      throw new IllegalStateException(
          "injected fault: self-training stops after round " + round + "'s checkpoint");
    }
  }

  /** Whether the fit stops on the driver after this (0-based) round. */
  boolean stopsAfter(int round) {
    return round + 1 == stopAfterRound;
  }

  /** On the driver, after a (0-based) round and its checkpoint. */
  void afterRoundOnDriver(int round) {
    if (stopsAfter(round)) {
      throw new IllegalStateException(
          "injected fault: the fit stops after round " + stopAfterRound);
    }
  }

  /** Whether the driver drops the kept optimizer states after this (0-based) round. */
  boolean dropsHeldStateAfter(int round) {
    return round + 1 == dropHeldStateAfterRound;
  }

  /** The kept state a partition's task sees: a serialized copy for the displaced partition. */
  HeldOptimizerState heldStateFor(int partition, HeldOptimizerState held) {
    return partition == displacedPartition ? serializedCopy(held) : held;
  }

  /** A copy of {@code held} through Java serialization, as another executor reads its block. */
  static HeldOptimizerState serializedCopy(HeldOptimizerState held) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(held);
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (HeldOptimizerState) in.readObject();
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("injected fault: cannot copy the kept state", e);
    }
  }

  private static boolean firstAttempt() {
    TaskContext task = TaskContext.get();
    return task != null && task.attemptNumber() == 0;
  }

  @Override
  public String toString() {
    return String.format(
        "failPartition %d in round %d, slowPartition %d by %d ms, stopAfterRound %d,"
            + " dropHeldStateAfterRound %d, displacedPartition %d",
        failPartition,
        failRound,
        slowPartition,
        slowMillis,
        stopAfterRound,
        dropHeldStateAfterRound,
        displacedPartition);
  }
}
