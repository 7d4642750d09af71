package io.sparkda.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.data.DomainDataProfile;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.DriverLinearAlgebra;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The estimator side of a {@link DomainMapModel}: {@code fit} takes source and target rows in one
 * DataFrame ({@code domainCol}: 0 = source, 1 = target), checks the columns and that each domain
 * has rows to estimate statistics from, and leaves the statistics and the maps to the method
 * ({@link #fitMaps}). Labels are not needed unless the method says so (JDA).
 */
public abstract class DomainMapEstimator<
        M extends DomainMapModel<M>, E extends DomainMapEstimator<M, E>>
    extends Estimator<M> implements MLWritable, HasDomainMapParams<E> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DomainMapEstimator.class);

  private final DeclaredParams declaredParams;

  protected DomainMapEstimator(String uid) {
    this.declaredParams = new DeclaredParams(uid);
    HasDomainMapParams.declare(this, declaredParams, "mappedFeatures");
  }

  /** The method's name in messages and logs ("subspace alignment"). */
  protected abstract String methodName();

  /**
   * The label column the method trains on, checked in the same pass as the features and domain
   * (labels on every source row, at least two source classes); null, the default: no labels.
   */
  protected String labelColumn() {
    return null;
  }

  /**
   * The fitted model (Params are copied afterwards) from {@code dataset}, whose columns are checked
   * and which has at least 2 rows of each domain.
   *
   * @param numFeatures the width of every features vector
   * @param numClasses the largest label + 1 when {@link #labelColumn} names one; 0 otherwise
   */
  protected abstract M fitMaps(Dataset<Row> dataset, int numFeatures, int numClasses);

  /**
   * {@code k} (the Param {@code numComponents}) capped at {@code numFeatures}: every direction of
   * the features is all there is to keep, so a default k works at any width.
   */
  protected final int components(int k, int numFeatures) {
    if (k > numFeatures) {
      LOG.info(
          "spark-da {}: numComponents = {} is more than the {} features of column '{}': using {}",
          methodName(),
          k,
          numFeatures,
          getFeaturesCol(),
          numFeatures);
      return numFeatures;
    }
    return k;
  }

  @Override
  public DeclaredParams declaredParams() {
    return declaredParams;
  }

  @Override
  public M fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    long start = System.nanoTime();
    String labelCol = labelColumn();
    DomainDataProfile profile =
        DomainDataProfile.of(
            dataset.select(
                col(getFeaturesCol()),
                // Without labels, every row gets a valid dummy one and the label checks pass.
                labelCol == null ? lit(0.0).as("label") : col(labelCol).cast(DataTypes.DoubleType),
                col(getDomainCol()).cast(DataTypes.DoubleType)));
    profile.check(getFeaturesCol(), labelCol == null ? "label" : labelCol, getDomainCol());
    if (labelCol != null) {
      profile.requireTwoSourceClasses(labelCol);
    }
    if (profile.sourceRows() < 2 || profile.targetRows() < 2) {
      throw new IllegalArgumentException(
          String.format(
              "%s needs at least 2 rows per domain to estimate its statistics, got %d source and "
                  + "%d target rows (column '%s')",
              methodName(), profile.sourceRows(), profile.targetRows(), getDomainCol()));
    }
    DriverLinearAlgebra.reportOnce();
    M model =
        fitMaps(dataset.toDF(), profile.numFeatures(), labelCol == null ? 0 : profile.numClasses());
    LOG.info(
        "spark-da {}: fitted on {} + {} rows of {} features, {} output features, in {} s",
        methodName(),
        profile.sourceRows(),
        profile.targetRows(),
        profile.numFeatures(),
        model.outputSize(),
        Math.round((System.nanoTime() - start) / 1e9));
    return copyValues(model.setParent(this), extractParamMap());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    DomainColumns.requireDomain(schema, getDomainCol());
    return DomainColumns.withVectorOutput(schema, getOutputCol());
  }

  @Override
  @SuppressWarnings("unchecked")
  public E copy(ParamMap extra) {
    return (E) defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<>(this);
  }
}
