package io.sparkda.internal.data;

import io.sparkda.data.DomainColumns;
import java.io.Serializable;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One pass over the training rows that counts what {@link #check} needs: rows per domain, unusable
 * labels, bad domain values, non-finite features and feature sizes.
 *
 * <p>Input columns, by position: 0 features (Vector), 1 label (double), 2 domain (double).
 */
public final class DomainDataProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  long sourceRows;
  long targetRows;
  long badDomainRows;
  double badDomainExample = Double.NaN;
  long nullFeatureRows;
  long nonFiniteFeatureRows;
  long sourceNullLabelRows;
  long labelledTargetRows;
  long badLabelRows;
  double badLabelExample = Double.NaN;
  double maxLabel = -1;
  double minSourceLabel = Double.POSITIVE_INFINITY;
  double maxSourceLabel = Double.NEGATIVE_INFINITY;
  int minSize = Integer.MAX_VALUE;
  int maxSize = -1;

  public static DomainDataProfile of(Dataset<Row> rows) {
    return rows.javaRDD()
        .treeAggregate(new DomainDataProfile(), DomainDataProfile::add, DomainDataProfile::merge);
  }

  private DomainDataProfile add(Row row) {
    if (row.isNullAt(2)
        || (row.getDouble(2) != DomainColumns.SOURCE && row.getDouble(2) != DomainColumns.TARGET)) {
      badDomainRows++;
      badDomainExample = row.isNullAt(2) ? Double.NaN : row.getDouble(2);
      return this;
    }
    boolean target = row.getDouble(2) == DomainColumns.TARGET;
    if (target) {
      targetRows++;
      if (!row.isNullAt(1)) {
        labelledTargetRows++;
      }
    } else {
      sourceRows++;
      if (row.isNullAt(1)) {
        sourceNullLabelRows++;
      }
    }
    if (!row.isNullAt(1)) {
      double label = row.getDouble(1);
      if (label < 0 || label != Math.rint(label) || Double.isInfinite(label)) {
        badLabelRows++;
        badLabelExample = label;
      } else {
        maxLabel = Math.max(maxLabel, label);
        if (!target) {
          minSourceLabel = Math.min(minSourceLabel, label);
          maxSourceLabel = Math.max(maxSourceLabel, label);
        }
      }
    }
    if (row.isNullAt(0)) {
      nullFeatureRows++;
      return this;
    }
    Vector features = row.getAs(0);
    minSize = Math.min(minSize, features.size());
    maxSize = Math.max(maxSize, features.size());
    for (double v : features.toSparse().values()) {
      if (!Double.isFinite(v)) {
        nonFiniteFeatureRows++;
        break;
      }
    }
    return this;
  }

  private DomainDataProfile merge(DomainDataProfile o) {
    sourceRows += o.sourceRows;
    targetRows += o.targetRows;
    badDomainRows += o.badDomainRows;
    if (o.badDomainRows > 0) {
      badDomainExample = o.badDomainExample;
    }
    nullFeatureRows += o.nullFeatureRows;
    nonFiniteFeatureRows += o.nonFiniteFeatureRows;
    sourceNullLabelRows += o.sourceNullLabelRows;
    labelledTargetRows += o.labelledTargetRows;
    badLabelRows += o.badLabelRows;
    if (o.badLabelRows > 0) {
      badLabelExample = o.badLabelExample;
    }
    maxLabel = Math.max(maxLabel, o.maxLabel);
    minSourceLabel = Math.min(minSourceLabel, o.minSourceLabel);
    maxSourceLabel = Math.max(maxSourceLabel, o.maxSourceLabel);
    minSize = Math.min(minSize, o.minSize);
    maxSize = Math.max(maxSize, o.maxSize);
    return this;
  }

  public long sourceRows() {
    return sourceRows;
  }

  public long targetRows() {
    return targetRows;
  }

  /** Target rows that carry a label (semi-supervised adaptation); 0 in the unsupervised case. */
  public long labelledTargetRows() {
    return labelledTargetRows;
  }

  /** Number of classes seen in the labels (at least 2). */
  public int numClasses() {
    return Math.max(2, (int) maxLabel + 1);
  }

  public int numFeatures() {
    return maxSize;
  }

  /**
   * Throws an {@link IllegalArgumentException} naming the column and the fix for the first problem.
   */
  public void check(String featuresCol, String labelCol, String domainCol) {
    if (badDomainRows > 0) {
      fail(
          "%d rows have domain column '%s' = %s: it must be 0 (source) or 1 (target) on every row",
          badDomainRows, domainCol, Double.isNaN(badDomainExample) ? "null" : badDomainExample);
    }
    if (targetRows == 0) {
      fail(
          "no target rows: domain column '%s' is never 1; add the (unlabelled) target rows with "
              + "%s = 1",
          domainCol, domainCol);
    }
    if (sourceRows == 0) {
      fail(
          "no labelled source rows: domain column '%s' is never 0; add the labelled source rows "
              + "with %s = 0",
          domainCol, domainCol);
    }
    if (sourceNullLabelRows > 0) {
      fail(
          "%d source rows have a null label in column '%s': drop them, or mark them as target"
              + " rows if they are unlabelled target data",
          sourceNullLabelRows, labelCol);
    }
    if (badLabelRows > 0) {
      fail(
          "label column '%s' must hold class indices 0, 1, ..., k-1 (or null on unlabelled target "
              + "rows), but %d rows do not (e.g. %s): index labels with StringIndexer",
          labelCol, badLabelRows, badLabelExample);
    }
    if (nullFeatureRows > 0) {
      fail(
          "%d rows have a null vector in features column '%s': drop or impute them",
          nullFeatureRows, featuresCol);
    }
    if (nonFiniteFeatureRows > 0) {
      fail(
          "%d rows have NaN or infinite values in features column '%s': impute them (e.g. "
              + "Imputer before VectorAssembler) or drop those rows",
          nonFiniteFeatureRows, featuresCol);
    }
    if (minSize != maxSize) {
      fail(
          "feature vectors in column '%s' have different sizes (%d to %d): every row needs the "
              + "same size (for libsvm input set numFeatures so both domains share one width)",
          featuresCol, minSize, maxSize);
    }
    if (maxSize == 0) {
      fail("feature vectors in column '%s' are empty", featuresCol);
    }
  }

  /**
   * For a classifier: the labelled source rows must hold at least 2 classes (one class trains a
   * constant predictor). Not part of {@link #check}, which also serves label-free estimators.
   */
  public void requireTwoSourceClasses(String labelCol) {
    if (minSourceLabel == maxSourceLabel) {
      fail(
          "every labelled source row has class %s in label column '%s': a classifier needs at "
              + "least 2 classes in the source labels; check labelCol and the source data",
          maxSourceLabel, labelCol);
    }
  }

  private static void fail(String format, Object... args) {
    throw new IllegalArgumentException(String.format(format, args));
  }
}
