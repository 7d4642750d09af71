package io.sparkda.ml.jda;

import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.util.MLReader;

/**
 * The maps {@link JointDistributionAdaptation} fitted: every row, of either domain or without the
 * domain column, to {@code x A}.
 */
public class JointDistributionAdaptationModel
    extends DomainMapModel<JointDistributionAdaptationModel> {
  private static final long serialVersionUID = 1L;

  JointDistributionAdaptationModel(String uid, Maps maps) {
    super(uid, maps);
  }

  public static MLReader<JointDistributionAdaptationModel> read() {
    return reader(JointDistributionAdaptationModel.class);
  }

  public static JointDistributionAdaptationModel load(String path) {
    return read().load(path);
  }
}
