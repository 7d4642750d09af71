package io.sparkda.internal.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.sparkda.data.DomainColumns;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * A feature map that depends on each row's domain, as a column: what the shallow feature maps and
 * the per-domain scaler apply at transform. Rows of data without the domain column (new target data
 * to score) are target rows; a vector of another width or a domain other than 0 / 1 fails the task
 * with a message that names the column. Internal.
 */
public final class ByDomain {
  /** The map of one row: {@code domain} is 0 (source) or 1 (target). */
  @FunctionalInterface
  public interface VectorMap extends Serializable {
    Vector apply(Vector features, int domain);
  }

  private ByDomain() {}

  /**
   * @param size the width the map was fitted on
   * @param fitted what was fitted, for messages ("model", "scaler")
   */
  public static Dataset<Row> map(
      Dataset<?> dataset,
      String featuresCol,
      String domainCol,
      String outputCol,
      int size,
      String fitted,
      VectorMap map) {
    UserDefinedFunction byDomain =
        functions.udf(
            (UDF2<Vector, Double, Vector>)
                (features, domain) -> {
                  if (features == null) {
                    return null;
                  }
                  if (features.size() != size) {
                    throw new IllegalArgumentException(
                        String.format(
                            "features column '%s' has a vector of size %d but the %s was fitted on"
                                + " size %d",
                            featuresCol, features.size(), fitted, size));
                  }
                  if (domain == null
                      || (domain != DomainColumns.SOURCE && domain != DomainColumns.TARGET)) {
                    throw new IllegalArgumentException(
                        "domain column '"
                            + domainCol
                            + "' must be 0 (source) or 1 (target), got "
                            + domain);
                  }
                  return map.apply(features, domain == DomainColumns.SOURCE ? 0 : 1);
                },
            SQLDataTypes.VectorType());
    boolean hasDomain = Arrays.asList(dataset.columns()).contains(domainCol);
    return dataset.withColumn(
        outputCol,
        byDomain.apply(
            col(featuresCol),
            hasDomain ? col(domainCol).cast(DataTypes.DoubleType) : lit(DomainColumns.TARGET)));
  }
}
