package io.sparkda.ml.transport;

import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.util.MLReader;

/**
 * The map {@link LinearOptimalTransport} fitted: source rows to {@code m_t + (x - m_s) A}; target
 * rows, and rows without the domain column, keep their features.
 */
public class LinearOptimalTransportModel extends DomainMapModel<LinearOptimalTransportModel> {
  private static final long serialVersionUID = 1L;

  LinearOptimalTransportModel(String uid, Maps maps) {
    super(uid, maps);
  }

  public static MLReader<LinearOptimalTransportModel> read() {
    return reader(LinearOptimalTransportModel.class);
  }

  public static LinearOptimalTransportModel load(String path) {
    return read().load(path);
  }
}
