package io.sparkda.jobs;

import io.sparkda.eval.DomainDiscrepancy;
import io.sparkda.ml.DannClassificationModel;
import io.sparkda.ml.SelfTrainingClassificationModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The job's report step, on one sample of both domains seen through the fitted model (scored once,
 * cached until {@link #close}): how far apart the domains are in each representation of the rows
 * (for metrics.json), and {@code report.html} with their first two principal components, the
 * source-only embedding and the target confusion matrix.
 */
final class JobReport implements AutoCloseable {
  /** One representation of the rows: its name in metrics.json, its column, its plot's title. */
  private record Representation(String name, String column, String title) {}

  private final JobInputs inputs;
  private final Dataset<Row> sample;
  private final Dataset<Row> adapted;
  private final boolean neural;
  private final List<Representation> representations = new ArrayList<>();

  /**
   * @param featuresCol the column the method starts from (assembled, or configured)
   * @param method the method's name, for the plot of its embedding
   */
  JobReport(JobInputs inputs, PipelineModel model, String featuresCol, String method) {
    this.inputs = inputs;
    this.sample = ReportData.sample(inputs.training(), JobColumns.DOMAIN).cache();
    this.adapted = withEmbedding(model).transform(sample).cache();
    this.neural = network(model) != null;
    representations.add(new Representation("input features", featuresCol, "input features"));
    if (neural) {
      representations.add(
          new Representation("embedding", JobColumns.EMBEDDING, method + " embedding (after)"));
    }
    if (Arrays.asList(adapted.columns()).contains(JobColumns.MAPPED_FEATURES)) {
      representations.add(
          new Representation(
              "mapped features", JobColumns.MAPPED_FEATURES, method + " features (after)"));
    }
  }

  /**
   * How far apart the domains are in each representation: proxy A-distance and MMD on the sample.
   * Label-free.
   */
  List<JobMetrics.Discrepancy> discrepancy() {
    List<JobMetrics.Discrepancy> measures = new ArrayList<>();
    for (Representation r : representations) {
      measures.add(
          new JobMetrics.Discrepancy(
              r.name(),
              DomainDiscrepancy.proxyADistance(adapted, r.column(), JobColumns.DOMAIN, 1),
              DomainDiscrepancy.mmd(
                  adapted, r.column(), JobColumns.DOMAIN, ReportData.SAMPLE_ROWS, 1)));
    }
    return measures;
  }

  /**
   * @param baseline the source-only model, or null when none was fitted
   */
  String render(JobMetrics metrics, PipelineModel baseline) {
    List<HtmlReport.Scatter> scatters = new ArrayList<>();
    Representation input = representations.get(0);
    scatters.add(ReportData.scatter(input.title(), adapted, input.column(), JobColumns.DOMAIN));
    if (neural && baseline != null && network(baseline) != null) {
      scatters.add(
          ReportData.scatter(
              "source-only embedding (before)",
              withEmbedding(baseline).transform(sample),
              JobColumns.EMBEDDING,
              JobColumns.DOMAIN));
    }
    for (Representation r : representations.subList(1, representations.size())) {
      scatters.add(ReportData.scatter(r.title(), adapted, r.column(), JobColumns.DOMAIN));
    }
    scatters.removeIf(Objects::isNull);
    return HtmlReport.render(metrics, scatters);
  }

  @Override
  public void close() {
    adapted.unpersist();
    sample.unpersist();
  }

  /** The fitted network, directly or inside self-training; null for the linear methods. */
  private static DannClassificationModel network(PipelineModel model) {
    Object last = model.stages()[model.stages().length - 1];
    if (last instanceof SelfTrainingClassificationModel) {
      last = ((SelfTrainingClassificationModel) last).model();
    }
    return last instanceof DannClassificationModel ? (DannClassificationModel) last : null;
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
