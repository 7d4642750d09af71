package io.sparkda.ml.tca;

import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;

/**
 * The maps {@link TransferComponentAnalysis} fitted: every row, of either domain or without the
 * domain column, to {@code x A}.
 */
public class TransferComponentAnalysisModel extends DomainMapModel<TransferComponentAnalysisModel> {
  private static final long serialVersionUID = 1L;

  TransferComponentAnalysisModel(
      String uid,
      DenseMatrix sourceMap,
      DenseVector sourceOffset,
      DenseMatrix targetMap,
      DenseVector targetOffset) {
    super(uid, sourceMap, sourceOffset, targetMap, targetOffset);
  }

  private TransferComponentAnalysisModel(TransferComponentAnalysisModel other) {
    super(other);
  }

  @Override
  public TransferComponentAnalysisModel copy(ParamMap extra) {
    return copyTo(new TransferComponentAnalysisModel(this), extra);
  }

  public static MLReader<TransferComponentAnalysisModel> read() {
    return reader(TransferComponentAnalysisModel.class, TransferComponentAnalysisModel::new);
  }

  public static TransferComponentAnalysisModel load(String path) {
    return read().load(path);
  }
}
