package io.sparkda.jobs;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.sparkda.eval.PredictionEntropyEvaluator;
import io.sparkda.eval.SoftNeighborhoodDensityEvaluator;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the target predictions say: without labels, the signals a user has when the target is
 * unlabelled (how the predictions spread over the classes, how confident they are, the label-free
 * evaluators); with evaluation labels, per-class precision and recall and the confusion matrix.
 */
final class TargetReport {
  private TargetReport() {}

  /** Label-free: metrics.json's {@code targetPredictions}. */
  record Signals(
      List<ClassShare> predictedClasses,
      double meanConfidence,
      double predictionEntropy,
      double softNeighborhoodDensity) {}

  /** One class's share of the target predictions. */
  record ClassShare(int classIndex, long rows, double fraction) {}

  /** With evaluation labels: metrics.json's {@code targetEvaluation}. */
  record Evaluation(List<ClassScores> perClass, long[][] confusionMatrix, long labelsOutOfRange) {
    /**
     * Correct predictions over every labelled row (a label that is no class of the model counts as
     * wrong): {@link io.sparkda.eval.Accuracy#of} without another pass. NaN without labels.
     */
    double accuracy() {
      long correct = 0;
      long total = labelsOutOfRange;
      for (int k = 0; k < confusionMatrix.length; k++) {
        correct += confusionMatrix[k][k];
        for (long count : confusionMatrix[k]) {
          total += count;
        }
      }
      return total == 0 ? Double.NaN : correct / (double) total;
    }
  }

  /** Precision and recall are null for a class never predicted / never present. */
  record ClassScores(int classIndex, long support, Double precision, Double recall) {}

  /** The width of the model's probability vectors: its number of classes. */
  static int numClasses(Dataset<Row> scored) {
    Row first = scored.select(JobColumns.PROBABILITY).head();
    return ((Vector) first.get(0)).size();
  }

  static Signals signals(Dataset<Row> scored, int numClasses) {
    long[] counts = new long[numClasses];
    for (Row r : scored.groupBy(JobColumns.PREDICTION).agg(count(lit(1))).collectAsList()) {
      counts[(int) r.getDouble(0)] = r.getLong(1);
    }
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    List<ClassShare> shares = new ArrayList<>();
    for (int k = 0; k < numClasses; k++) {
      shares.add(new ClassShare(k, counts[k], total == 0 ? 0 : counts[k] / (double) total));
    }
    double confidence =
        scored
            .select(array_max(vector_to_array(col(JobColumns.PROBABILITY), "float64")).as("c"))
            .agg(avg("c"))
            .head()
            .getDouble(0);
    // The evaluators read target rows by their domain; these are all target rows.
    Dataset<Row> asTarget = scored.withColumn(JobColumns.DOMAIN, lit(1.0));
    double entropy =
        new PredictionEntropyEvaluator()
            .setDomainCol(JobColumns.DOMAIN)
            .setProbabilityCol(JobColumns.PROBABILITY)
            .evaluate(asTarget);
    double snd =
        new SoftNeighborhoodDensityEvaluator()
            .setDomainCol(JobColumns.DOMAIN)
            .setProbabilityCol(JobColumns.PROBABILITY)
            .evaluate(asTarget);
    return new Signals(shares, confidence, entropy, snd);
  }

  /** Rows are the true class, columns the predicted one. */
  static Evaluation evaluation(Dataset<Row> scored, int numClasses) {
    long[][] matrix = new long[numClasses][numClasses];
    long outOfRange = 0;
    for (Row r :
        scored
            .filter(col(JobColumns.EVAL_LABEL).isNotNull())
            .groupBy(JobColumns.EVAL_LABEL, JobColumns.PREDICTION)
            .agg(count(lit(1)))
            .collectAsList()) {
      int truth = (int) r.getDouble(0);
      if (truth >= 0 && truth < numClasses && truth == r.getDouble(0)) {
        matrix[truth][(int) r.getDouble(1)] = r.getLong(2);
      } else {
        outOfRange += r.getLong(2); // not a class of the model: counted, not hidden
      }
    }
    List<ClassScores> scores = new ArrayList<>();
    for (int k = 0; k < numClasses; k++) {
      long support = 0;
      long predicted = 0;
      for (int j = 0; j < numClasses; j++) {
        support += matrix[k][j];
        predicted += matrix[j][k];
      }
      scores.add(
          new ClassScores(
              k,
              support,
              predicted == 0 ? null : matrix[k][k] / (double) predicted,
              support == 0 ? null : matrix[k][k] / (double) support));
    }
    return new Evaluation(scores, matrix, outOfRange);
  }
}
