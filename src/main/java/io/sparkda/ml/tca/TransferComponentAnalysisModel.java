package io.sparkda.ml.tca;

import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.util.MLReader;

/**
 * The maps {@link TransferComponentAnalysis} fitted: every row, of either domain or without the
 * domain column, to {@code x A}.
 */
public class TransferComponentAnalysisModel extends DomainMapModel<TransferComponentAnalysisModel> {
  private static final long serialVersionUID = 1L;

  TransferComponentAnalysisModel(String uid, Maps maps) {
    super(uid, maps);
  }

  public static MLReader<TransferComponentAnalysisModel> read() {
    return reader(TransferComponentAnalysisModel.class);
  }

  public static TransferComponentAnalysisModel load(String path) {
    return read().load(path);
  }
}
