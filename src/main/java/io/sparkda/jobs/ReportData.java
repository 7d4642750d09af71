package io.sparkda.jobs;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainColumns;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Computes what {@link HtmlReport} draws, with Spark (only small samples reach the driver). */
final class ReportData {
  /** Rows per domain drawn in each scatter plot. */
  static final int SAMPLE_ROWS = 500;

  private ReportData() {}

  /** Up to {@link #SAMPLE_ROWS} rows of each domain. */
  static Dataset<Row> sample(Dataset<Row> data, String domainCol) {
    return data.filter(col(domainCol).equalTo(DomainColumns.SOURCE))
        .limit(SAMPLE_ROWS)
        .unionByName(data.filter(col(domainCol).equalTo(DomainColumns.TARGET)).limit(SAMPLE_ROWS));
  }

  /** The vectors of {@code vectorCol} projected on their first two principal components. */
  static HtmlReport.Scatter scatter(
      String title, Dataset<Row> sample, String vectorCol, String domainCol) {
    List<Row> rows = sample.select(col(vectorCol), col(domainCol)).collectAsList();
    if (rows.isEmpty() || ((Vector) rows.get(0).getAs(0)).size() < 2) {
      return null;
    }
    double[][] vectors = new double[rows.size()][];
    boolean[] target = new boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      vectors[i] = ((Vector) rows.get(i).getAs(0)).toArray();
      target[i] = rows.get(i).getDouble(1) == DomainColumns.TARGET;
    }
    return new HtmlReport.Scatter(title, TopTwoComponents.project(vectors), target);
  }
}
