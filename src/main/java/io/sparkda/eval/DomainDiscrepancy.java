package io.sparkda.eval;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.eval.HeldOutDomainClassifier;
import io.sparkda.internal.eval.KernelMmd;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How far apart the domains are in a Vector column (input features, or a network's embedding):
 * measured before and after adaptation, they show whether it brought the domains together. Neither
 * reads a label.
 */
public final class DomainDiscrepancy {
  /** L2 strength of the proxy A-distance's logistic regression. */
  private static final double REG_PARAM = 0.01;

  private DomainDiscrepancy() {}

  /**
   * Proxy A-distance, {@code 2 (1 - 2 err)}: {@code err} is the held-out balanced error of a
   * logistic-regression domain classifier (each half of the rows scored by the model fitted on the
   * other; per-domain errors averaged, so unequal domain sizes do not matter). 0 when the domains
   * cannot be told apart, 2 when they always can. Reference: Ben-David, Blitzer, Crammer and
   * Pereira, "Analysis of representations for domain adaptation", NIPS 2006.
   */
  public static double proxyADistance(
      Dataset<?> data, String vectorCol, String domainCol, long seed) {
    DomainColumns.requireVector(data.schema(), vectorCol, "vectorCol");
    DomainColumns.requireDomain(data.schema(), domainCol);
    Dataset<Row> rows = data.toDF().select(col(vectorCol), col(domainCol));
    HeldOutDomainClassifier classifier =
        new HeldOutDomainClassifier(vectorCol, domainCol, REG_PARAM, seed);
    Row errors =
        classifier.withHeldOutScores(
            rows,
            (scored, counts) -> {
              Column saysTarget = col(HeldOutDomainClassifier.TARGET_PROBABILITY).gt(0.5);
              Column isTarget = col(domainCol).equalTo(DomainColumns.TARGET);
              return scored
                  .agg(
                      avg(when(isTarget, when(saysTarget, 0.0).otherwise(1.0))),
                      avg(when(isTarget.equalTo(false), when(saysTarget, 1.0).otherwise(0.0))))
                  .head();
            });
    double error = (errors.getDouble(0) + errors.getDouble(1)) / 2;
    return 2 * (1 - 2 * Math.min(error, 0.5));
  }

  /**
   * Unbiased squared MMD with a Gaussian kernel (bandwidth: the median pairwise distance) between
   * seeded samples of at most {@code maxRowsPerDomain} rows of each domain, computed on the driver.
   * Near 0 when the two samples come from one distribution. Reference: Gretton, Borgwardt, Rasch,
   * Schölkopf and Smola, "A kernel two-sample test", JMLR 13, 2012.
   */
  public static double mmd(
      Dataset<?> data, String vectorCol, String domainCol, int maxRowsPerDomain, long seed) {
    DomainColumns.requireVector(data.schema(), vectorCol, "vectorCol");
    DomainColumns.requireDomain(data.schema(), domainCol);
    return KernelMmd.squared(
        sample(data, vectorCol, domainCol, DomainColumns.SOURCE, maxRowsPerDomain, seed),
        sample(data, vectorCol, domainCol, DomainColumns.TARGET, maxRowsPerDomain, seed));
  }

  private static double[][] sample(
      Dataset<?> data, String vectorCol, String domainCol, double domain, int rows, long seed) {
    return Samples.vectors(
        data.toDF().filter(col(domainCol).equalTo(domain)), vectorCol, rows, seed);
  }
}
