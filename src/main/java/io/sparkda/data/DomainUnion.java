package io.sparkda.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Puts source and target rows into the one DataFrame that the estimators take: a domain column (0 =
 * source, 1 = target) is added, and target labels, if the target has any, are moved to an
 * evaluation column so that training never sees them.
 */
public final class DomainUnion {
  private DomainUnion() {}

  /**
   * @param evaluationLabelCol column that receives the true label of every row that has one (source
   *     and target), for evaluation only; the label column becomes null on target rows
   */
  public static Dataset<Row> of(
      Dataset<Row> source,
      Dataset<Row> target,
      String labelCol,
      String domainCol,
      String evaluationLabelCol) {
    if (!Arrays.asList(source.columns()).contains(labelCol)) {
      throw new IllegalArgumentException(
          "source data has no label column '"
              + labelCol
              + "' (columns: "
              + String.join(", ", source.columns())
              + "): set the label column name");
    }
    // A string label would become null in the cast below, and then be reported as missing.
    DomainColumns.requireLabel(source.schema(), labelCol);
    if (Arrays.asList(target.columns()).contains(labelCol)) {
      DomainColumns.requireLabel(target.schema(), labelCol);
    }
    Column nullLabel = lit(null).cast(DataTypes.DoubleType);
    Dataset<Row> labelledTarget =
        Arrays.asList(target.columns()).contains(labelCol)
            ? target
            : target.withColumn(labelCol, nullLabel);
    Dataset<Row> s =
        source
            .withColumn(labelCol, col(labelCol).cast(DataTypes.DoubleType))
            .withColumn(evaluationLabelCol, col(labelCol))
            .withColumn(domainCol, lit(DomainColumns.SOURCE));
    Dataset<Row> t =
        labelledTarget
            .withColumn(evaluationLabelCol, col(labelCol).cast(DataTypes.DoubleType))
            .withColumn(labelCol, nullLabel)
            .withColumn(domainCol, lit(DomainColumns.TARGET));
    // A column only one domain has (a target row key kept for the predictions) is null in the
    // other's rows; the estimators read only the columns both have.
    return s.unionByName(t, true);
  }
}
