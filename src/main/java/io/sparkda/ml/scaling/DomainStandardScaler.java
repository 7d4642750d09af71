package io.sparkda.ml.scaling;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.ml.DeclaredParams;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Standardizes each domain with its own statistics: source rows by the source's mean and standard
 * deviation, target rows by the target's, so that two domains recorded on different scales (MNIST
 * pixels in [0, 1], USPS much smaller) start from the same one. Statistics come from one pass
 * ({@link Summarizer}, grouped by domain) and need no labels; a feature constant within a domain
 * becomes 0 there, as in Spark's StandardScaler. Rows of data without the domain column (new target
 * data to score) are scaled as target rows.
 */
public class DomainStandardScaler extends Estimator<DomainStandardScalerModel>
    implements MLWritable, HasDomainScalingParams<DomainStandardScaler> {
  private static final long serialVersionUID = 1L;

  private final DeclaredParams declaredParams;

  public DomainStandardScaler() {
    this(Identifiable.randomUID("domainStandardScaler"));
  }

  public DomainStandardScaler(String uid) {
    this.declaredParams = new DeclaredParams(uid);
    HasDomainScalingParams.declare(this, declaredParams);
  }

  @Override
  public DeclaredParams declaredParams() {
    return declaredParams;
  }

  @Override
  public DomainStandardScalerModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    List<Row> stats =
        dataset
            .filter(col(getFeaturesCol()).isNotNull())
            .groupBy(col(getDomainCol()).cast("double").as("domain"))
            .agg(Summarizer.metrics("mean", "variance").summary(col(getFeaturesCol())).as("s"))
            .collectAsList();
    DenseVector[] means = new DenseVector[2];
    DenseVector[] stds = new DenseVector[2];
    for (Row row : stats) {
      Double domain = row.isNullAt(0) ? null : row.getDouble(0);
      if (domain == null || (domain != DomainColumns.SOURCE && domain != DomainColumns.TARGET)) {
        throw new IllegalArgumentException(
            "domain column '"
                + getDomainCol()
                + "' must be 0 (source) or 1 (target), got "
                + domain);
      }
      int d = domain.intValue();
      Row summary = row.getStruct(1);
      means[d] = ((Vector) summary.get(0)).toDense();
      double[] variance = ((Vector) summary.get(1)).toArray();
      double[] std = new double[variance.length];
      for (int i = 0; i < std.length; i++) {
        std[i] = Math.sqrt(variance[i]);
      }
      stds[d] = new DenseVector(std);
    }
    for (int d = 0; d < 2; d++) {
      if (means[d] == null) {
        throw new IllegalArgumentException(
            "no "
                + (d == 0 ? "source" : "target")
                + " rows with features in column '"
                + getFeaturesCol()
                + "': per-domain scaling needs rows of both domains");
      }
    }
    if (means[0].size() != means[1].size()) {
      throw new IllegalArgumentException(
          String.format(
              "source rows have %d features and target rows %d in column '%s'",
              means[0].size(), means[1].size(), getFeaturesCol()));
    }
    DomainStandardScalerModel model = new DomainStandardScalerModel(uid(), means, stds);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    DomainColumns.requireDomain(schema, getDomainCol());
    return DomainColumns.withVectorOutput(schema, getOutputCol());
  }

  @Override
  public DomainStandardScaler copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<>(this);
  }

  public static MLReader<DomainStandardScaler> read() {
    return SavedFormat.paramsReader(DomainStandardScaler.class, DomainStandardScaler::new);
  }

  public static DomainStandardScaler load(String path) {
    return read().load(path);
  }
}
