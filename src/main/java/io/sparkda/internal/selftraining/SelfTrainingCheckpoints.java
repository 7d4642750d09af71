package io.sparkda.internal.selftraining;

import io.sparkda.internal.train.CheckpointEntries;
import io.sparkda.internal.train.FitIdentity;
import io.sparkda.internal.train.InjectedFaults;
import io.sparkda.ml.RoundSummary;
import io.sparkda.ml.SelfTrainingRound;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-training's checkpoints: before each round after the first, the working rows with their
 * pseudo-labels (Parquet) and the history so far, in {@code DIR/self-training/round-NNNNN}, written
 * under a temporary name and renamed into place; older rounds' are deleted once a newer one lands.
 * Each round's network fit checkpoints in {@code DIR/network-round-N} ({@link #networkDir}).
 *
 * <p>The rows are stored, not recomputed from the previous round's model: pseudo-labelling uses
 * approximate quantiles and Spark's unordered merges, so the same model need not give exactly the
 * same pseudo-labels twice. The rows read back from Parquet are also what the next round trains on
 * in an uninterrupted fit, so a resumed fit sees the same rows in the same order.
 */
public final class SelfTrainingCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(SelfTrainingCheckpoints.class);
  private static final String ROUND = "round-";

  private final FileSystem fs;
  private final Path root;
  private final CheckpointEntries rounds;
  private final String identity;

  /** What resuming needs: the rows entering {@link #round} and everything counted so far. */
  static final class Saved implements Serializable {
    private static final long serialVersionUID = 1L;
    final int round;
    final List<SelfTrainingRound> history;
    final List<RoundSummary[]> networkFits;
    final long trainingRows;
    final long pseudoLabelled;
    final String identity;
    transient Dataset<Row> rows;

    Saved(
        int round,
        List<SelfTrainingRound> history,
        List<RoundSummary[]> networkFits,
        long trainingRows,
        long pseudoLabelled,
        String identity) {
      this.round = round;
      this.history = new ArrayList<>(history);
      this.networkFits = new ArrayList<>(networkFits);
      this.trainingRows = trainingRows;
      this.pseudoLabelled = pseudoLabelled;
      this.identity = identity;
    }
  }

  /**
   * @param identity {@code key = value} lines naming the fit (Params, base classifier, data); a
   *     directory holding another fit's checkpoints is refused
   */
  public SelfTrainingCheckpoints(String dir, String identity, SparkSession spark) {
    try {
      Path path = new Path(dir);
      this.fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      this.root = fs.makeQualified(path);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "checkpointDir " + dir + " cannot be used: " + e.getMessage(), e);
    }
    this.rounds = new CheckpointEntries(fs, new Path(root, "self-training"), ROUND);
    this.identity = identity;
  }

  /** Where round {@code round}'s network fit keeps its checkpoints. */
  public String networkDir(int round) {
    return new Path(root, "network-round-" + round).toString();
  }

  /** The latest saved round of this fit, with its rows; refuses another fit's. */
  Optional<Saved> latest(SparkSession spark) {
    List<Path> saved = savedRounds();
    if (saved.isEmpty()) {
      return Optional.empty();
    }
    Path newest = saved.get(saved.size() - 1);
    Saved state;
    try (ObjectInputStream in = new ObjectInputStream(fs.open(new Path(newest, "state")))) {
      state = (Saved) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalArgumentException(
          "checkpointDir "
              + root
              + ": "
              + newest
              + " cannot be read ("
              + e
              + "): delete the directory to start from scratch",
          e);
    }
    if (!state.identity.equals(identity)) {
      throw FitIdentity.refusal(root, "self-training checkpoints", state.identity, identity);
    }
    state.rows = spark.read().parquet(new Path(newest, "rows").toString());
    LOG.info(
        "spark-da self-training: resuming at round {} from {} ({} pseudo-labelled rows; "
            + "rounds 0-{} are not repeated)",
        state.round,
        newest,
        state.pseudoLabelled,
        state.round - 1);
    return Optional.of(state);
  }

  /**
   * Saves the rows entering {@code round} with the counts and history so far, and returns the rows
   * as read back.
   */
  Dataset<Row> save(
      Dataset<Row> rows,
      int round,
      List<SelfTrainingRound> history,
      List<RoundSummary[]> networkFits,
      long trainingRows,
      long pseudoLabelled) {
    Saved state = new Saved(round, history, networkFits, trainingRows, pseudoLabelled, identity);
    String name = String.format("%s%05d", ROUND, state.round);
    Path temporary = rounds.temporary(name);
    Path done;
    try {
      rows.write().parquet(new Path(temporary, "rows").toString());
      try (ObjectOutputStream out =
          new ObjectOutputStream(fs.create(new Path(temporary, "state"), false))) {
        out.writeObject(state);
      }
      done = rounds.commit(temporary, name);
      // The earlier rounds' network fits are done with.
      for (int earlier = 0; earlier < round; earlier++) {
        fs.delete(new Path(networkDir(earlier)), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("spark-da: cannot write self-training checkpoint " + name, e);
    }
    InjectedFaults.afterSelfTrainingRound(rows.sparkSession().conf(), round - 1);
    return rows.sparkSession().read().parquet(new Path(done, "rows").toString());
  }

  /** Saved rounds, oldest first. */
  private List<Path> savedRounds() {
    try {
      return rounds.list();
    } catch (IOException e) {
      throw new UncheckedIOException("spark-da: cannot list the checkpoints in " + root, e);
    }
  }
}
