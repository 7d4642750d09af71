package io.sparkda.internal.train;

import io.sparkda.ml.RoundSummary;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of a fit after a number of rounds: what resuming needs to go on as if it had never
 * stopped (parameters; the optimizer state, averaged or each partition's own where the round did
 * not average it; the outer optimizer's momentum; the round, from which the schedules' position
 * follows), the history so far, and the identity of the fit it belongs to.
 */
final class TrainingCheckpoint {
  private static final String MAGIC = "spark-da training checkpoint";
  private static final int VERSION = 4;

  /**
   * Version 1 had no computeSeconds or shippedBytes in its summaries, versions 1-2 no outer
   * momentum (they averaged plainly, which needs none), versions 1-3 no partitions' own optimizer
   * states (they averaged it every round); all still resume.
   */
  private static final int FIRST_VERSION = 1;

  /** {@code key = value} lines naming the fit's configuration and data ({@link FitIdentity}). */
  final String identity;

  /** Rounds finished: training resumes with round index {@code rounds}. */
  final int rounds;

  final TrainingState state;

  /** The outer optimizer's momentum buffer; empty for plain averaging. */
  final float[] outerMomentum;

  final List<RoundSummary> summaries;
  final long rowsSeen;
  final double seconds;

  TrainingCheckpoint(
      String identity,
      int rounds,
      TrainingState state,
      float[] outerMomentum,
      List<RoundSummary> summaries,
      long rowsSeen,
      double seconds) {
    this.identity = identity;
    this.rounds = rounds;
    this.state = state;
    this.outerMomentum = outerMomentum;
    this.summaries = List.copyOf(summaries);
    this.rowsSeen = rowsSeen;
    this.seconds = seconds;
  }

  void writeTo(DataOutputStream out) throws IOException {
    out.writeUTF(MAGIC);
    out.writeInt(VERSION);
    byte[] id = identity.getBytes(StandardCharsets.UTF_8);
    out.writeInt(id.length);
    out.write(id);
    out.writeInt(rounds);
    out.writeLong(rowsSeen);
    out.writeDouble(seconds);
    out.writeInt(summaries.size());
    for (RoundSummary s : summaries) {
      out.writeInt(s.round());
      out.writeDouble(s.labelLoss());
      out.writeDouble(s.alignmentLoss());
      out.writeDouble(s.domainAccuracy());
      out.writeDouble(s.lambda());
      out.writeDouble(s.learningRate());
      out.writeDouble(s.seconds());
      out.writeDouble(s.computeSeconds());
      out.writeLong(s.shippedBytes());
    }
    writeFloats(out, state.params);
    writeFloats(out, state.optimizerState);
    writeFloats(out, outerMomentum);
    out.writeInt(state.partitionStates.size());
    for (Map.Entry<Integer, float[]> own : state.partitionStates.entrySet()) {
      out.writeInt(own.getKey());
      writeFloats(out, own.getValue());
    }
  }

  static TrainingCheckpoint readFrom(DataInputStream in) throws IOException {
    if (!MAGIC.equals(in.readUTF())) {
      throw new IOException("not a spark-da training checkpoint");
    }
    int version = in.readInt();
    if (version < FIRST_VERSION || version > VERSION) {
      throw new IOException(
          "checkpoint format version "
              + version
              + ", this build reads "
              + FIRST_VERSION
              + "-"
              + VERSION);
    }
    byte[] id = new byte[in.readInt()];
    in.readFully(id);
    int rounds = in.readInt();
    long rowsSeen = in.readLong();
    double seconds = in.readDouble();
    int count = in.readInt();
    List<RoundSummary> summaries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int round = in.readInt();
      double labelLoss = in.readDouble();
      double alignmentLoss = in.readDouble();
      double domainAccuracy = in.readDouble();
      double lambda = in.readDouble();
      double learningRate = in.readDouble();
      double roundSeconds = in.readDouble();
      double computeSeconds = version >= 2 ? in.readDouble() : Double.NaN;
      long shippedBytes = version >= 2 ? in.readLong() : -1;
      summaries.add(
          new RoundSummary(
              round,
              labelLoss,
              alignmentLoss,
              domainAccuracy,
              lambda,
              learningRate,
              roundSeconds,
              computeSeconds,
              shippedBytes));
    }
    float[] params = readFloats(in);
    float[] optimizerState = readFloats(in);
    float[] outerMomentum = version >= 3 ? readFloats(in) : new float[0];
    Map<Integer, float[]> own = new TreeMap<>();
    for (int i = version >= 4 ? in.readInt() : 0; i > 0; i--) {
      own.put(in.readInt(), readFloats(in));
    }
    TrainingState state = new TrainingState(params, optimizerState, own);
    return new TrainingCheckpoint(
        new String(id, StandardCharsets.UTF_8),
        rounds,
        state,
        outerMomentum,
        summaries,
        rowsSeen,
        seconds);
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    for (float v : values) {
      out.writeFloat(v);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    float[] values = new float[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readFloat();
    }
    return values;
  }
}
