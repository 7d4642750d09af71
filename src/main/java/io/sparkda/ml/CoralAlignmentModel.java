package io.sparkda.ml;

import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;

/**
 * The CORAL map fitted by {@link CoralAlignment}: source rows ({@code domainCol} = 0) get {@code x
 * A + b} in {@code outputCol} ({@code b = 0} unless the means were aligned too); target rows, and
 * every row of data without the domain column (the target to score), get their features unchanged.
 */
public class CoralAlignmentModel extends DomainMapModel<CoralAlignmentModel>
    implements HasCoralParams {
  private static final long serialVersionUID = 1L;

  CoralAlignmentModel(
      String uid,
      DenseMatrix sourceMap,
      DenseVector sourceOffset,
      DenseMatrix targetMap,
      DenseVector targetOffset) {
    super(uid, sourceMap, sourceOffset, targetMap, targetOffset);
    setDefault(outputCol(), "coralFeatures");
  }

  private CoralAlignmentModel(CoralAlignmentModel other) {
    super(other);
    setDefault(outputCol(), "coralFeatures");
  }

  /** The {@code d x d} map A: a source row x becomes x A (+ {@link #sourceOffset}). */
  public DenseMatrix map() {
    return sourceMap();
  }

  @Override
  public CoralAlignmentModel copy(ParamMap extra) {
    return copyTo(new CoralAlignmentModel(this), extra);
  }

  public static MLReader<CoralAlignmentModel> read() {
    return reader(CoralAlignmentModel.class, CoralAlignmentModel::new);
  }

  public static CoralAlignmentModel load(String path) {
    return read().load(path);
  }
}
