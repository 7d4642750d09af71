package io.sparkda.internal.train;

import java.io.Serializable;

/**
 * A partition's optimizer state between two averagings, kept where the partition trains: the one
 * element of its partition in an RDD cached as objects ({@code MEMORY_ONLY}). A task on that
 * executor gets this very object from the block manager, so a round leaves its state here for the
 * next round instead of shipping it through the driver (BigDL keeps its models the same way). When
 * the block is evicted or its executor lost, Spark recomputes the partition as a new holder with no
 * state, and the round that needs the state finds none ({@link #after}); the driver then re-runs
 * the rounds since the last averaging ({@link DistributedTrainer}), so nothing is guessed.
 *
 * <p>A task elsewhere (a speculative copy, or one placed after the locality wait) reads a copy
 * serialized from here, possibly while the owner writes. The state is therefore replaced as one
 * immutable entry and never written in place: a reader sees one round's state whole, or another
 * round's and treats it as missing. What such a task would keep in its copy is lost with the task,
 * so it returns its state instead ({@link #cachedHere}).
 */
final class HeldOptimizerState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** An entry's round before any round was kept. */
  private static final int NONE = Integer.MIN_VALUE;

  private volatile Entry entry;

  /**
   * True in an instance made here, false in a copy deserialized from another executor's block, or
   * once the block manager said it did not store this one ({@link #notCached}).
   */
  private transient boolean cachedHere;

  /**
   * @param size the state's floats, allocated now so that the block manager's size estimate of the
   *     cached holder counts them (0 where nothing will be kept)
   */
  HeldOptimizerState(int size) {
    entry = new Entry(NONE, new float[size]);
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

  /** The state after (0-based) round {@code round}, or null when this holder has not kept it. */
  float[] after(int round) {
    Entry current = entry;
    return current.round == round ? current.state : null;
  }

  /** Keeps {@code state}, the state after {@code round}, in place of the previous entry. */
  void keep(int round, float[] state) {
    entry = new Entry(round, state);
  }

  private static final class Entry implements Serializable {
    private static final long serialVersionUID = 1L;
    final int round;
    final float[] state;

    Entry(int round, float[] state) {
      this.round = round;
      this.state = state;
    }
  }
}
