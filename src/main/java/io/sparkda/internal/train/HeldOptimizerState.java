package io.sparkda.internal.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.sparkda.internal.nn.NativeOptimizer;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.function.Consumer;

/**
 * A partition's optimizer state between two averagings, kept where the partition trains: the one
 * element of its partition in an RDD cached as objects ({@code MEMORY_ONLY}). A task on that
 * executor gets this very object from the block manager, so a round leaves its state here for the
 * next round instead of shipping it through the driver (BigDL keeps its models the same way). When
 * the block is evicted or its executor lost, Spark recomputes the partition as a new holder with no
 * state, and the round that needs the state finds none ({@link #after}); the driver then re-runs
 * the rounds since the last averaging ({@link DistributedTrainer}), so nothing is guessed.
 *
 * <p>The state is one array, allocated with the holder (zeros: the state before the first round)
 * and written in place by each round ({@link #write}), so that a task holds the state once, not its
 * previous round's and its own: at 2^18 x 100 weights that is 210 MB of an executor's heap. Once a
 * round that returns its state for averaging has written it, the holder has none, so a task retried
 * after that finds none and the driver re-runs from the last averaging, as for a lost block.
 *
 * <p>A task elsewhere (a speculative copy, or one placed after the locality wait) reads a copy
 * serialized from here, possibly while the owner writes: the write and the serialization (Java's or
 * Kryo's) hold this holder's lock, so a copy has one round's state whole. What such a task would
 * keep in its copy is lost with the task, so it returns its state instead ({@link #cachedHere}).
 */
final class HeldOptimizerState implements Serializable, KryoSerializable {
  private static final long serialVersionUID = 2L;

  /** The round of the state before the fit's first round: the zeros of a new holder. */
  private static final int BEFORE_FIRST_ROUND = -1;

  /** The round of a state that is none: a holder of no floats, or one being written. */
  private static final int NONE = Integer.MIN_VALUE;

  /** The (0-based) round after which {@link #state} is the state, or {@link #NONE}. */
  private int round;

  private float[] state;

  /**
   * True in an instance made here, false in a copy deserialized from another executor's block, or
   * once the block manager said it did not store this one ({@link #notCached}).
   */
  private transient boolean cachedHere;

  /**
   * The floats a partition keeps: the optimizer's state of {@code params} weights, then, with
   * {@code roundingError}, the bfloat16 rounding error of each weight ({@link RoundPlan}).
   */
  static int keptFloats(NativeOptimizer optimizer, int params, boolean roundingError) {
    return optimizer.stateSize(params) + (roundingError ? params : 0);
  }

  /**
   * @param size the state's floats, allocated now so that the block manager's size estimate of the
   *     cached holder counts them (0 where nothing will be kept)
   */
  HeldOptimizerState(int size) {
    state = new float[size];
    round = size > 0 ? BEFORE_FIRST_ROUND : NONE;
    cachedHere = true;
  }

  /**
   * Whether this is the instance cached on this executor, so that what it keeps is there for the
   * partition's next task; false in a copy read from another executor's block.
   */
  boolean cachedHere() {
    return cachedHere;
  }

  /**
   * Marks a holder that was made here but that the block manager did not store (too little storage
   * memory): the partition's next task will get a new one, so nothing is kept in it.
   */
  void notCached() {
    cachedHere = false;
  }

  /**
   * The state after (0-based) round {@code round} (the zeros before the first for -1), or null when
   * this holder does not have it.
   */
  synchronized float[] after(int round) {
    return this.round == round ? state : null;
  }

  /**
   * Fills an array of {@code size} floats with the state after {@code round} and returns it: this
   * holder's own array where it has that size, else a new one. With {@code keeps} the holder then
   * has that state; without, where its own array was written, it has none. Whoever reads the
   * previous state reads it before this, since the task's rounds start from it.
   */
  synchronized float[] write(int round, int size, boolean keeps, Consumer<float[]> fill) {
    float[] written = state.length == size ? state : new float[size];
    if (written == state) {
      // Until the fill is done (or for good, if it fails).
      this.round = NONE;
    }
    fill.accept(written);
    if (keeps) {
      state = written;
      this.round = round;
    }
    return written;
  }

  private synchronized void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
  }

  /** Kryo's copy of a cached block (with {@code spark.serializer} Kryo): the same, locked. */
  @Override
  public synchronized void write(Kryo kryo, Output output) {
    output.writeInt(round);
    output.writeInt(state.length);
    output.writeFloats(state);
  }

  @Override
  public synchronized void read(Kryo kryo, Input input) {
    round = input.readInt();
    state = input.readFloats(input.readInt());
  }
}
