package io.sparkda.ml;

import io.sparkda.internal.nn.NativeThreads;
import io.sparkda.internal.nn.NetworkPredictor;
import io.sparkda.internal.train.FeatureLayout;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Scores one partition in batches: rows are gathered into a {@code [batch, numFeatures]} batch
 * (dense, or sparse when mostly zeros) and sent through the network in one go, instead of one
 * native call per row. Appends, in order, the outputs in the order given (the order of the output
 * schema).
 */
final class DannBatchScorer implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int BATCH_ROWS = 512;

  private final NetworkPredictor predictor;
  private final int featuresIndex;
  private final String featuresCol;

  /** The columns to append, in schema order. */
  enum Output {
    RAW,
    PROBABILITY,
    PREDICTION,
    EMBEDDING
  }

  private final Output[] outputs;
  private final boolean embedding;
  private final double[] thresholds;
  private final int threadsPerTask;

  DannBatchScorer(
      NetworkPredictor predictor,
      int featuresIndex,
      String featuresCol,
      Output[] outputs,
      double[] thresholds,
      int threadsPerTask) {
    this.predictor = predictor;
    this.featuresIndex = featuresIndex;
    this.featuresCol = featuresCol;
    this.outputs = outputs.clone();
    this.embedding = Arrays.asList(outputs).contains(Output.EMBEDDING);
    this.thresholds = thresholds;
    this.threadsPerTask = threadsPerTask;
  }

  /**
   * Scores a partition lazily. The weights are loaded into native memory once per partition and
   * freed when its rows are exhausted, or when the task ends (a consumer may stop early).
   */
  Iterator<Row> score(Iterator<Row> rows) {
    NativeThreads.useOnCurrentThread(threadsPerTask);
    NetworkPredictor.Session session = predictor.session();
    TaskContext task = TaskContext.get();
    if (task != null) {
      TaskCompletionListener closeSession = context -> session.close();
      task.addTaskCompletionListener(closeSession);
    }
    return new Iterator<>() {
      private Iterator<Row> scored = List.<Row>of().iterator();

      @Override
      public boolean hasNext() {
        if (!scored.hasNext() && rows.hasNext()) {
          scored = scoreBatch(session, rows).iterator();
        }
        if (!scored.hasNext()) {
          session.close();
        }
        return scored.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return scored.next();
      }
    };
  }

  private List<Row> scoreBatch(NetworkPredictor.Session session, Iterator<Row> rows) {
    int d = predictor.architecture().numFeatures();
    List<Row> batch = new ArrayList<>(BATCH_ROWS);
    List<Vector> vectors = new ArrayList<>(BATCH_ROWS);
    long nonZeros = 0;
    while (rows.hasNext() && batch.size() < BATCH_ROWS) {
      Row row = rows.next();
      Vector vector = checkedVector(row, d);
      nonZeros += FeatureLayout.nonZeros(vector);
      vectors.add(vector);
      batch.add(row);
    }
    // Wide, mostly-zero batches (hashed text) go through the first layer as sparse tensors.
    NetworkPredictor.Outputs network;
    if (FeatureLayout.sparseForScoring(predictor.architecture(), nonZeros, batch.size())) {
      network = session.predict(FeatureLayout.rows(vectors, d, true), embedding);
    } else {
      float[] features = new float[batch.size() * d];
      FeatureLayout.copyRows(vectors, features);
      network = session.predict(features, batch.size(), embedding);
    }
    int k = predictor.architecture().numClasses();
    int e = predictor.architecture().embeddingSize();
    List<Row> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      double[] logits = new double[k];
      for (int c = 0; c < k; c++) {
        logits[c] = network.logits[i * k + c];
      }
      double[] probabilities = softmax(logits);
      Row row = batch.get(i);
      List<Object> values = new ArrayList<>(row.length() + 4);
      for (int c = 0; c < row.length(); c++) {
        values.add(row.get(c));
      }
      for (Output output : outputs) {
        switch (output) {
          case RAW:
            values.add(Vectors.dense(logits));
            break;
          case PROBABILITY:
            values.add(Vectors.dense(probabilities));
            break;
          case PREDICTION:
            values.add((double) predict(probabilities));
            break;
          default:
            double[] vector = new double[e];
            for (int j = 0; j < e; j++) {
              vector[j] = network.embeddings[i * e + j];
            }
            values.add(Vectors.dense(vector));
        }
      }
      out.add(RowFactory.create(values.toArray()));
    }
    return out;
  }

  private Vector checkedVector(Row row, int numFeatures) {
    if (row.isNullAt(featuresIndex)) {
      throw new IllegalArgumentException(
          "features column '"
              + featuresCol
              + "' is null in a row "
              + "to predict: drop or impute such rows first");
    }
    Vector vector = row.getAs(featuresIndex);
    if (vector.size() != numFeatures) {
      throw new IllegalArgumentException(
          String.format(
              "features column '%s' has a vector of size "
                  + "%d but the model was trained on %d features: build features the same way as for "
                  + "training",
              featuresCol, vector.size(), numFeatures));
    }
    return vector;
  }

  static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int c = 0; c < logits.length; c++) {
      p[c] = Math.exp(logits[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < p.length; c++) {
      p[c] /= sum;
    }
    return p;
  }

  /** Arg-max of probability, divided by the class thresholds when they are set (as Spark does). */
  private int predict(double[] probabilities) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < probabilities.length; c++) {
      double score = thresholds == null ? probabilities[c] : probabilities[c] / thresholds[c];
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }
}
