package io.sparkda.ml.jda;

import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;

/**
 * The maps {@link JointDistributionAdaptation} fitted: every row, of either domain or without the
 * domain column, to {@code x A}.
 */
public class JointDistributionAdaptationModel
    extends DomainMapModel<JointDistributionAdaptationModel> {
  private static final long serialVersionUID = 1L;

  JointDistributionAdaptationModel(
      String uid,
      DenseMatrix sourceMap,
      DenseVector sourceOffset,
      DenseMatrix targetMap,
      DenseVector targetOffset) {
    super(uid, sourceMap, sourceOffset, targetMap, targetOffset);
  }

  private JointDistributionAdaptationModel(JointDistributionAdaptationModel other) {
    super(other);
  }

  @Override
  public JointDistributionAdaptationModel copy(ParamMap extra) {
    return copyTo(new JointDistributionAdaptationModel(this), extra);
  }

  public static MLReader<JointDistributionAdaptationModel> read() {
    return reader(JointDistributionAdaptationModel.class, JointDistributionAdaptationModel::new);
  }

  public static JointDistributionAdaptationModel load(String path) {
    return read().load(path);
  }
}
