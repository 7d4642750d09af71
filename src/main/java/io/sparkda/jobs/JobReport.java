package io.sparkda.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.sparkda.eval.DomainDiscrepancy;
import io.sparkda.ml.CoralAlignmentModel;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.SelfTrainingClassificationModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The job's report step: {@code report.html} from the metrics, a sample of both domains seen
 * through the fitted models (input features, source-only and adapted embeddings, CORAL-aligned
 * features; first two principal components) and the target confusion matrix.
 */
final class JobReport {
  private JobReport() {}

  /**
   * @param baseline the source-only model, or null when none was fitted
   * @param scoredTarget target predictions with the known labels in {@link JobColumns#EVAL_LABEL}
   */
  static String render(
      JobMetrics metrics,
      JobInputs inputs,
      PipelineModel model,
      PipelineModel baseline,
      Dataset<Row> scoredTarget) {
    Dataset<Row> sample = ReportData.sample(inputs.training(), JobColumns.DOMAIN).cache();
    try {
      List<HtmlReport.Scatter> scatters = new ArrayList<>();
      boolean neural = network(model) != null;
      Dataset<Row> adapted = withEmbedding(model).transform(sample);
      scatters.add(
          ReportData.scatter("input features", adapted, featuresCol(model), JobColumns.DOMAIN));
      if (neural && baseline != null && network(baseline) != null) {
        scatters.add(
            ReportData.scatter(
                "source-only embedding (before)",
                withEmbedding(baseline).transform(sample),
                JobColumns.EMBEDDING,
                JobColumns.DOMAIN));
      }
      if (neural) {
        scatters.add(
            ReportData.scatter(
                metrics.method() + " embedding (after)",
                adapted,
                JobColumns.EMBEDDING,
                JobColumns.DOMAIN));
      }
      if (Arrays.asList(adapted.columns()).contains(JobColumns.CORAL_FEATURES)) {
        scatters.add(
            ReportData.scatter(
                "CORAL-aligned features (source recoloured)",
                adapted,
                JobColumns.CORAL_FEATURES,
                JobColumns.DOMAIN));
      }
      scatters.removeIf(Objects::isNull);
      long[][] confusion =
          inputs.targetHasLabels()
              ? ReportData.confusion(
                  scoredTarget,
                  JobColumns.EVAL_LABEL,
                  JobColumns.PREDICTION,
                  numClasses(inputs.training()))
              : null;
      return HtmlReport.render(metrics, scatters, confusion);
    } finally {
      sample.unpersist();
    }
  }

  /**
   * How far apart the domains are in the input features and in what the method made of them (a
   * network's embedding, CORAL-aligned features): proxy A-distance and MMD on the report's sample.
   * Label-free.
   */
  static List<JobMetrics.Discrepancy> discrepancy(JobInputs inputs, PipelineModel model) {
    Dataset<Row> sample = ReportData.sample(inputs.training(), JobColumns.DOMAIN).cache();
    try {
      Dataset<Row> adapted = withEmbedding(model).transform(sample).cache();
      List<JobMetrics.Discrepancy> measures = new ArrayList<>();
      measures.add(measure("input features", adapted, featuresCol(model)));
      if (network(model) != null) {
        measures.add(measure("embedding", adapted, JobColumns.EMBEDDING));
      }
      if (Arrays.asList(adapted.columns()).contains(JobColumns.CORAL_FEATURES)) {
        measures.add(measure("CORAL-aligned features", adapted, JobColumns.CORAL_FEATURES));
      }
      adapted.unpersist();
      return measures;
    } finally {
      sample.unpersist();
    }
  }

  private static JobMetrics.Discrepancy measure(String space, Dataset<Row> rows, String column) {
    return new JobMetrics.Discrepancy(
        space,
        DomainDiscrepancy.proxyADistance(rows, column, JobColumns.DOMAIN, 1),
        DomainDiscrepancy.mmd(rows, column, JobColumns.DOMAIN, ReportData.SAMPLE_ROWS, 1));
  }

  /** The fitted network, directly or inside self-training; null for the linear methods. */
  private static DannClassificationModel network(PipelineModel model) {
    Object last = model.stages()[model.stages().length - 1];
    if (last instanceof SelfTrainingClassificationModel) {
      last = ((SelfTrainingClassificationModel) last).model();
    }
    return last instanceof DannClassificationModel ? (DannClassificationModel) last : null;
  }

  /** The column the method starts from (assembled, or the configured vector column). */
  private static String featuresCol(PipelineModel model) {
    for (Transformer stage : model.stages()) {
      if (stage instanceof VectorAssembler) {
        return ((VectorAssembler) stage).getOutputCol();
      }
      if (stage instanceof CoralAlignmentModel) {
        return ((CoralAlignmentModel) stage).getFeaturesCol();
      }
    }
    DannClassificationModel network = network(model);
    return network != null ? network.getFeaturesCol() : JobColumns.FEATURES;
  }

  private static int numClasses(Dataset<Row> data) {
    Row largest = data.agg(max(col(JobColumns.EVAL_LABEL))).head();
    return largest.isNullAt(0) ? 2 : Math.max(2, (int) largest.getDouble(0) + 1);
  }

  /** A copy of the model that also outputs the embedding; the saved model is unchanged. */
  private static PipelineModel withEmbedding(PipelineModel model) {
    PipelineModel copy = model.copy(new ParamMap());
    DannClassificationModel network = network(copy);
    if (network != null) {
      network.setEmbeddingCol(JobColumns.EMBEDDING);
    }
    return copy;
  }
}
