package io.sparkda.internal.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * What is broadcast at the start of a round: parameters and optimizer state, as plain arrays,
 * serialized in bulk ({@link FloatArrays}). The optimizer state is empty where each partition
 * continues from its own ({@link HeldOptimizerState}).
 */
final class TrainingState implements Serializable {
  private static final long serialVersionUID = 2L;

  /** The optimizer state of a broadcast that leaves it to the partitions. */
  static final float[] NO_OPTIMIZER_STATE = new float[0];

  final transient float[] params;
  final transient float[] optimizerState;

  TrainingState(float[] params, float[] optimizerState) {
    this.params = params;
    this.optimizerState = optimizerState;
  }

  private Object writeReplace() {
    return new Serialized(this);
  }

  private void readObject(ObjectInputStream in) throws IOException {
    throw new IOException("a TrainingState is read through its serialized form");
  }

  /** The serialized form: final fields cannot be set by readObject, a proxy's result can. */
  private static final class Serialized implements Serializable {
    private static final long serialVersionUID = 1L;
    private transient TrainingState state;

    Serialized(TrainingState state) {
      this.state = state;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      FloatArrays.write(out, state.params);
      FloatArrays.write(out, state.optimizerState);
    }

    private void readObject(ObjectInputStream in) throws IOException {
      state = new TrainingState(FloatArrays.read(in), FloatArrays.read(in));
    }

    private Object readResolve() {
      return state;
    }
  }
}
