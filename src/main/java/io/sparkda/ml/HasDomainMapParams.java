package io.sparkda.ml;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.params.ParamChecks;
import java.util.Arrays;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.StructType;

/**
 * The column Params of the shallow feature maps ({@link DomainMapEstimator}, {@link
 * DomainMapModel}, the domain scaler): features in and domain ({@link HasDomainColumns}), mapped
 * features out. Declared, got and set here once; a stage only holds them ({@link #declaredParams}).
 *
 * @param <S> the stage, which the setters return
 */
public interface HasDomainMapParams<S extends HasDomainMapParams<S>> extends HasDomainColumns<S> {
  default Param<String> outputCol() {
    return declaredParams().get("outputCol");
  }

  default String getOutputCol() {
    return getOrDefault(outputCol());
  }

  @SuppressWarnings("unchecked")
  default S setOutputCol(String value) {
    return (S) set(outputCol(), value);
  }

  /**
   * The output schema of a map: features (and the domain column, when the data has one) checked,
   * the mapped features added.
   */
  default StructType mappedSchema(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    if (Arrays.asList(schema.fieldNames()).contains(getDomainCol())) {
      DomainColumns.requireDomain(schema, getDomainCol());
    }
    return DomainColumns.withVectorOutput(schema, getOutputCol());
  }

  /** Declares the column Params on {@code owner} into {@code into}, with their defaults. */
  static void declare(Params owner, DeclaredParams into, String outputDefault) {
    HasDomainColumns.declare(owner, into, DannParams.DOMAIN_COL_DOC)
        .add(
            owner,
            new Param<String>(
                owner,
                "outputCol",
                "output column: the mapped features of each row, by its domain (rows of data"
                    + " without the domain column are mapped as target rows)",
                ParamChecks.notNull()),
            outputDefault);
  }
}
