package io.sparkda.internal.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * A partition's result after its local steps, summable so that the driver can add them (in
 * partition order, {@link DistributedTrainer#inPartitionOrder}); the driver divides by {@link
 * #partitions} to average.
 */
final class RoundOutput implements Serializable {
  private static final long serialVersionUID = 2L;

  /**
   * The weights and optimizer state after the round; null for a task's rounds but the last, and the
   * optimizer state empty where the round does not average it. Serialized in bulk ({@link
   * FloatArrays}).
   */
  transient float[] params;

  transient float[] optimizerState;
  double labelLoss;
  double alignmentLoss;
  double domainAccuracy;
  long steps;

  /** Steps whose loss or gradient was not finite, so not applied. */
  long skippedSteps;

  long sourceRowsSeen;
  int partitions;

  /** Seconds the partition spent on the round's steps (the slowest partition's, once summed). */
  double seconds;

  /**
   * Seconds of the partition's whole task (the broadcast state fetched, the native copies in and
   * out, the steps of all its rounds); set on a task's last output only.
   */
  double taskSeconds;

  /**
   * The partition's optimizer state was neither broadcast nor kept on the executor that ran the
   * task (its cached block was evicted or lost): no step ran.
   */
  boolean stateMissing;

  /**
   * In a round that does not average: whether the partition's executor keeps its optimizer state
   * for the next round (false for a task that ran on another executor than the state).
   */
  boolean ownStateKept;

  /**
   * Whether {@link #params} holds the change of the weights over the round rounded to bfloat16
   * (error feedback, {@link RoundPlan#bfloat16Delta}), shipped as 16 bits a weight, rather than the
   * weights; the driver adds the round's start ({@link #addStart}).
   */
  boolean paramsAreBfloat16Delta;

  RoundOutput(float[] params, float[] optimizerState) {
    this.params = params;
    this.optimizerState = optimizerState;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    if (paramsAreBfloat16Delta) {
      FloatArrays.writeBfloat16(out, params);
    } else {
      FloatArrays.write(out, params);
    }
    FloatArrays.write(out, optimizerState);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    params = paramsAreBfloat16Delta ? FloatArrays.readBfloat16(in) : FloatArrays.read(in);
    optimizerState = FloatArrays.read(in);
  }

  /** The output of a task that found no optimizer state to start from. */
  static RoundOutput stateMissing() {
    RoundOutput out = new RoundOutput(null, null);
    out.stateMissing = true;
    return out;
  }

  /** Gives the output the state after its round. */
  void withState(float[] params, float[] optimizerState) {
    this.params = params;
    this.optimizerState = optimizerState;
  }

  /** Turns a returned weight change into the weights: {@code start}, the round's, plus it. */
  void addStart(float[] start) {
    if (paramsAreBfloat16Delta) {
      addInto(params, start);
      paramsAreBfloat16Delta = false;
    }
  }

  /** Adds {@code other} into this one and returns this. */
  RoundOutput add(RoundOutput other) {
    addInto(params, other.params);
    addInto(optimizerState, other.optimizerState);
    labelLoss += other.labelLoss;
    alignmentLoss += other.alignmentLoss;
    domainAccuracy += other.domainAccuracy;
    steps += other.steps;
    skippedSteps += other.skippedSteps;
    sourceRowsSeen += other.sourceRowsSeen;
    partitions += other.partitions;
    seconds = Math.max(seconds, other.seconds);
    return this;
  }

  private static void addInto(float[] sum, float[] values) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += values[i];
    }
  }

  /** The averaged training state after the sum over all partitions. */
  TrainingState average() {
    float scale = 1f / partitions;
    float[] p = params.clone();
    float[] s = optimizerState.clone();
    for (int i = 0; i < p.length; i++) {
      p[i] *= scale;
    }
    for (int i = 0; i < s.length; i++) {
      s[i] *= scale;
    }
    return new TrainingState(p, s);
  }
}
