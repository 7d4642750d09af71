package io.sparkda.internal.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is broadcast at the start of a round: parameters and optimizer state, as plain arrays,
 * serialized in bulk ({@link FloatArrays}). The optimizer state is empty where each partition
 * continues from its own ({@link HeldOptimizerState}); a partition whose own state could not be
 * kept where it ran finds it here instead ({@link #partitionStates}).
 */
final class TrainingState implements Serializable {
  private static final long serialVersionUID = 3L;

  /** The optimizer state of a broadcast that leaves it to the partitions. */
  static final float[] NO_OPTIMIZER_STATE = new float[0];

  final transient float[] params;
  final transient float[] optimizerState;

  /** Partitions' own optimizer states, by partition index; empty but after a displaced task. */
  final transient Map<Integer, float[]> partitionStates;

  TrainingState(float[] params, float[] optimizerState) {
    this(params, optimizerState, Map.of());
  }

  TrainingState(float[] params, float[] optimizerState, Map<Integer, float[]> partitionStates) {
    this.params = params;
    this.optimizerState = optimizerState;
    this.partitionStates = partitionStates;
  }

  /**
   * The optimizer state {@code partition} starts from: the averaged one if this state carries it,
   * else the partition's own if it is here, else null (the partition kept it).
   */
  float[] optimizerStateOf(int partition) {
    return optimizerState.length > 0 ? optimizerState : partitionStates.get(partition);
  }

  private Object writeReplace() {
    return new Serialized(this);
  }

  private void readObject(ObjectInputStream in) throws IOException {
    throw new IOException("a TrainingState is read through its serialized form");
  }

  /** The serialized form: final fields cannot be set by readObject, a proxy's result can. */
  private static final class Serialized implements Serializable {
    private static final long serialVersionUID = 2L;
    private transient TrainingState state;

    Serialized(TrainingState state) {
      this.state = state;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      FloatArrays.write(out, state.params);
      FloatArrays.write(out, state.optimizerState);
      out.writeInt(state.partitionStates.size());
      for (Map.Entry<Integer, float[]> own : state.partitionStates.entrySet()) {
        out.writeInt(own.getKey());
        FloatArrays.write(out, own.getValue());
      }
    }

    private void readObject(ObjectInputStream in) throws IOException {
      float[] params = FloatArrays.read(in);
      float[] optimizerState = FloatArrays.read(in);
      Map<Integer, float[]> own = new TreeMap<>();
      for (int i = in.readInt(); i > 0; i--) {
        own.put(in.readInt(), FloatArrays.read(in));
      }
      state = new TrainingState(params, optimizerState, own);
    }

    private Object readResolve() {
      return state;
    }
  }
}
