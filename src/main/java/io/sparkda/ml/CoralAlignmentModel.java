package io.sparkda.ml;

import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.util.MLReader;

/**
 * The CORAL map fitted by {@link CoralAlignment}: source rows ({@code domainCol} = 0) get {@code x
 * A + b} in {@code outputCol} ({@code b = 0} unless the means were aligned too); target rows, and
 * every row of data without the domain column (the target to score), get their features unchanged.
 */
public class CoralAlignmentModel extends DomainMapModel<CoralAlignmentModel>
    implements HasCoralParams<CoralAlignmentModel> {
  private static final long serialVersionUID = 1L;

  CoralAlignmentModel(String uid, Maps maps) {
    super(uid, maps);
    setDefault(outputCol(), "coralFeatures");
  }

  /** The {@code d x d} map A: a source row x becomes x A (+ {@link #sourceOffset}). */
  public DenseMatrix map() {
    return sourceMap();
  }

  public static MLReader<CoralAlignmentModel> read() {
    return reader(CoralAlignmentModel.class);
  }

  public static CoralAlignmentModel load(String path) {
    return read().load(path);
  }
}
