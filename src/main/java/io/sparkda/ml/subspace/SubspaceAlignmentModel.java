package io.sparkda.ml.subspace;

import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.util.MLReader;

/**
 * The maps {@link SubspaceAlignment} fitted: source rows to {@code (x - m_s) P_s P_s^T P_t}, target
 * rows (and rows without the domain column) to {@code (x - m_t) P_t}.
 */
public class SubspaceAlignmentModel extends DomainMapModel<SubspaceAlignmentModel> {
  private static final long serialVersionUID = 1L;

  SubspaceAlignmentModel(String uid, Maps maps) {
    super(uid, maps);
  }

  public static MLReader<SubspaceAlignmentModel> read() {
    return reader(SubspaceAlignmentModel.class);
  }

  public static SubspaceAlignmentModel load(String path) {
    return read().load(path);
  }
}
