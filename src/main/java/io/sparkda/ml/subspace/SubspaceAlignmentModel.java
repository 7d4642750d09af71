package io.sparkda.ml.subspace;

import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;

/**
 * The maps {@link SubspaceAlignment} fitted: source rows to {@code (x - m_s) P_s P_s^T P_t}, target
 * rows (and rows without the domain column) to {@code (x - m_t) P_t}.
 */
public class SubspaceAlignmentModel extends DomainMapModel<SubspaceAlignmentModel> {
  private static final long serialVersionUID = 1L;

  SubspaceAlignmentModel(
      String uid,
      DenseMatrix sourceMap,
      DenseVector sourceOffset,
      DenseMatrix targetMap,
      DenseVector targetOffset) {
    super(uid, sourceMap, sourceOffset, targetMap, targetOffset);
  }

  private SubspaceAlignmentModel(SubspaceAlignmentModel other) {
    super(other);
  }

  @Override
  public SubspaceAlignmentModel copy(ParamMap extra) {
    return copyTo(new SubspaceAlignmentModel(this), extra);
  }

  public static MLReader<SubspaceAlignmentModel> read() {
    return reader(SubspaceAlignmentModel.class, SubspaceAlignmentModel::new);
  }

  public static SubspaceAlignmentModel load(String path) {
    return read().load(path);
  }
}
