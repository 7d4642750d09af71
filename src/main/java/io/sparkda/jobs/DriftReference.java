package io.sparkda.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sparkda.data.DomainColumns;
import io.sparkda.eval.DomainDiscrepancy;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The target a model was adapted to, kept with the model as a seeded sample of at most {@code
 * score.referenceRows} rows' input feature vectors ({@value #DIR}/, Parquet: a few hundred kB for
 * 1,000 rows of 256 features), and today's target measured against it: the proxy A-distance and MMD
 * that metrics.json reports for the domains, here between the two targets. Input features, not an
 * embedding: every method has them, and a shift there is what the model was not adapted to.
 */
final class DriftReference {
  static final String DIR = "drift-reference";
  private static final String VECTOR = "features";

  /** metrics.json's {@code drift}: the two measures, the threshold and the verdict. */
  record Drift(
      double proxyADistance,
      double mmd,
      double threshold,
      boolean drifted,
      long referenceRows,
      long rows) {}

  private DriftReference() {}

  /**
   * Saves a sample of {@code target} (read by {@code model}) into {@code modelDir}; returns the
   * width of its feature vectors.
   */
  static int save(
      PipelineModel model,
      List<String> inputColumns,
      Dataset<Row> target,
      long targetRows,
      int rows,
      long seed,
      String modelDir) {
    String dir = modelDir + "/" + DIR;
    sample(vectors(model, inputColumns, target), targetRows, rows, seed)
        .coalesce(1)
        .write()
        .parquet(dir);
    Row first = target.sparkSession().read().parquet(dir).first();
    return ((Vector) first.get(0)).size();
  }

  /** Today's {@code target} (a sample of it) against the reference kept in {@code modelDir}. */
  static Drift measure(
      SparkSession spark,
      String modelDir,
      PipelineModel model,
      List<String> inputColumns,
      Dataset<Row> target,
      long targetRows,
      int rows,
      long seed,
      double threshold) {
    Dataset<Row> reference = spark.read().parquet(modelDir + "/" + DIR);
    Dataset<Row> today = sample(vectors(model, inputColumns, target), targetRows, rows, seed);
    Dataset<Row> both =
        reference
            .withColumn(JobColumns.DOMAIN, lit(DomainColumns.SOURCE))
            .unionByName(today.withColumn(JobColumns.DOMAIN, lit(DomainColumns.TARGET)))
            .cache();
    try {
      long referenceRows =
          both.filter(col(JobColumns.DOMAIN).equalTo(DomainColumns.SOURCE)).count();
      double pad = DomainDiscrepancy.proxyADistance(both, VECTOR, JobColumns.DOMAIN, seed);
      double mmd = DomainDiscrepancy.mmd(both, VECTOR, JobColumns.DOMAIN, rows, seed);
      return new Drift(
          pad, mmd, threshold, pad > threshold, referenceRows, both.count() - referenceRows);
    } finally {
      both.unpersist();
    }
  }

  /** The input feature vectors the model's first stage makes (or reads) from the rows. */
  private static Dataset<Row> vectors(
      PipelineModel model, List<String> inputColumns, Dataset<Row> rows) {
    Transformer first = model.stages()[0];
    if (first instanceof VectorAssembler assembler) {
      return assembler.transform(rows).select(col(assembler.getOutputCol()).as(VECTOR));
    }
    return rows.select(col(inputColumns.get(0)).as(VECTOR));
  }

  /** About {@code rows} rows of {@code data} (of {@code total}), seeded; all when fewer. */
  private static Dataset<Row> sample(Dataset<Row> data, long total, int rows, long seed) {
    if (total <= rows) {
      return data;
    }
    // A little over the share, then cut: one pass, no sort of the whole target.
    return data.sample(false, Math.min(1.0, 1.1 * rows / total), seed).limit(rows);
  }
}
