package io.sparkda.ml.transport;

import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;

/**
 * The map {@link LinearOptimalTransport} fitted: source rows to {@code m_t + (x - m_s) A}; target
 * rows, and rows without the domain column, keep their features.
 */
public class LinearOptimalTransportModel extends DomainMapModel<LinearOptimalTransportModel> {
  private static final long serialVersionUID = 1L;

  LinearOptimalTransportModel(
      String uid,
      DenseMatrix sourceMap,
      DenseVector sourceOffset,
      DenseMatrix targetMap,
      DenseVector targetOffset) {
    super(uid, sourceMap, sourceOffset, targetMap, targetOffset);
  }

  private LinearOptimalTransportModel(LinearOptimalTransportModel other) {
    super(other);
  }

  @Override
  public LinearOptimalTransportModel copy(ParamMap extra) {
    return copyTo(new LinearOptimalTransportModel(this), extra);
  }

  public static MLReader<LinearOptimalTransportModel> read() {
    return reader(LinearOptimalTransportModel.class, LinearOptimalTransportModel::new);
  }

  public static LinearOptimalTransportModel load(String path) {
    return read().load(path);
  }
}
