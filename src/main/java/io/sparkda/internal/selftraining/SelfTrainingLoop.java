package io.sparkda.internal.selftraining;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sparkda.internal.train.FitProgress;
import io.sparkda.ml.RoundSummary;
import io.sparkda.ml.SelfTrainingRound;
import io.sparkda.ml.TrainingHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.spark.ml.Model;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-training rounds as Spark jobs: fit on the labelled rows (plus the pseudo-labelled ones),
 * score the rows, pseudo-label confident unlabelled target rows, repeat until {@code maxIter}
 * rounds or a round adds nothing. The working rows carry their pseudo-label in a column and are
 * cached per round, so no row is collected and no row id is needed.
 */
public final class SelfTrainingLoop {
  private static final Logger LOG = LoggerFactory.getLogger(SelfTrainingLoop.class);
  private static final String PSEUDO = "__spark_da_pseudo_label";

  /** The fitted model of the last round, every round's record, and each network fit's rounds. */
  public static final class Result {
    public final Model<?> model;
    public final List<SelfTrainingRound> rounds;
    public final List<RoundSummary[]> networkFits;

    Result(Model<?> model, List<SelfTrainingRound> rounds, List<RoundSummary[]> networkFits) {
      this.model = model;
      this.rounds = rounds;
      this.networkFits = networkFits;
    }
  }

  private SelfTrainingLoop() {}

  /**
   * @param rows the input rows (validated: labels on every source row)
   * @param fit fits the base classifier, for a round, on rows whose label column holds labels and
   *     pseudo-labels
   * @param onlyLabelledRows true for a base classifier that cannot take unlabelled rows (it gets
   *     the labelled ones only); false for a domain-aware one (DANN) that also aligns on them
   * @param evaluationLabelCol column with held-out target labels for the history; null = none
   */
  public static Result run(
      Dataset<Row> rows,
      BiFunction<Dataset<Row>, Integer, Model<?>> fit,
      boolean onlyLabelledRows,
      String labelCol,
      String domainCol,
      String probabilityCol,
      String predictionCol,
      String evaluationLabelCol,
      int maxIter,
      PseudoLabelSelection selection,
      SelfTrainingCheckpoints checkpoints) {
    Column isTarget = col(domainCol).cast(DataTypes.DoubleType).equalTo(1.0);
    Column isCandidate = isTarget.and(col(labelCol).isNull()).and(col(PSEUDO).isNull());
    Column isEvaluable =
        evaluationLabelCol == null ? null : isTarget.and(col(evaluationLabelCol).isNotNull());
    Optional<SelfTrainingCheckpoints.Saved> resumed =
        checkpoints == null ? Optional.empty() : checkpoints.latest(rows.sparkSession());
    Dataset<Row> working =
        (resumed.isPresent()
                ? resumed.get().rows
                : rows.withColumn(PSEUDO, lit(null).cast(DataTypes.DoubleType)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<SelfTrainingRound> history = new ArrayList<>();
    List<RoundSummary[]> networkFits = new ArrayList<>();
    int firstRound = 0;
    long trainingRows;
    long pseudoLabelled = 0;
    if (resumed.isPresent()) {
      SelfTrainingCheckpoints.Saved saved = resumed.get();
      firstRound = saved.round;
      history.addAll(saved.history);
      networkFits.addAll(saved.networkFits);
      trainingRows = saved.trainingRows;
      pseudoLabelled = saved.pseudoLabelled;
    } else {
      // Rows with a label before any pseudo-label; each round adds exactly what it
      // pseudo-labels, so the later counts follow without another pass over the rows.
      trainingRows = working.filter(col(labelCol).isNotNull()).count();
    }
    try {
      for (int round = firstRound; ; round++) {
        Dataset<Row> training =
            working
                .withColumn(
                    labelCol, coalesce(col(labelCol).cast(DataTypes.DoubleType), col(PSEUDO)))
                .drop(PSEUDO);
        if (onlyLabelledRows) {
          training = training.filter(col(labelCol).isNotNull());
        }
        // maxIter 0 is a plain fit on the labelled rows: no round to name.
        boolean rounds = maxIter > 0;
        setJobDescription(
            rows,
            rounds
                ? String.format("spark-da: self-training round %d fit", round)
                : "spark-da: fit");
        if (rounds) {
          FitProgress.detail(String.format("self-training round %d/%d", round, maxIter));
        }
        Model<?> model = fit.apply(training, round);
        RoundSummary[] networkRounds = TrainingHistory.of(model).networkRounds();
        if (networkRounds.length > 0) {
          networkFits.add(networkRounds);
        }
        setJobDescription(
            rows, String.format("spark-da: self-training round %d pseudo-labels", round));
        Dataset<Row> scored = model.transform(working).persist(StorageLevel.MEMORY_AND_DISK());
        boolean last = round == maxIter;
        PseudoLabelSelection.Outcome outcome =
            (last ? PseudoLabelSelection.scoreOnly() : selection)
                .apply(
                    scored,
                    isCandidate,
                    PSEUDO,
                    probabilityCol,
                    predictionCol,
                    isEvaluable,
                    evaluationLabelCol);
        SelfTrainingRound record =
            new SelfTrainingRound(
                round,
                trainingRows,
                pseudoLabelled,
                outcome.added,
                outcome.meanConfidence,
                outcome.targetAccuracy,
                outcome.addedAccuracy);
        history.add(record);
        if (rounds) {
          LOG.info("spark-da self-training {}", record);
        }
        if (last || outcome.added == 0) {
          scored.unpersist(false);
          setJobDescription(rows, null);
          return new Result(model, history, networkFits);
        }
        // Materialize the new pseudo-labels before the previous round's caches are dropped, and
        // cut the lineage: otherwise every round's plan holds all the earlier rounds', and a base
        // classifier that runs many Spark jobs per fit (logistic regression: one per iteration)
        // re-plans it in each (logistic regression on the digits: round 1 took 3 s, round 5 41 s).
        // With checkpoints, the rows are saved and read back instead, which cuts it too.
        trainingRows += outcome.added;
        pseudoLabelled += outcome.added;
        Dataset<Row> selected = outcome.rows.select(columns(working));
        Dataset<Row> next =
            checkpoints == null
                ? selected.localCheckpoint()
                : checkpoints
                    .save(selected, round + 1, history, networkFits, trainingRows, pseudoLabelled)
                    .persist(StorageLevel.MEMORY_AND_DISK());
        scored.unpersist(false);
        working.unpersist(false);
        working = next;
      }
    } finally {
      working.unpersist(false);
    }
  }

  /** The working columns, without the model's output columns. */
  private static Column[] columns(Dataset<Row> working) {
    return Arrays.stream(working.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
  }

  private static void setJobDescription(Dataset<Row> rows, String description) {
    rows.sparkSession().sparkContext().setJobDescription(description);
  }
}
