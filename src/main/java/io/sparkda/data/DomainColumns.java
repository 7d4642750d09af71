package io.sparkda.data;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Schema checks for a DataFrame that holds both domains. Every failure is an {@link
 * IllegalArgumentException} that names the column and says how to fix it.
 */
public final class DomainColumns {
  /** Value of the domain column on source rows. */
  public static final double SOURCE = 0.0;

  /** Value of the domain column on target rows. */
  public static final double TARGET = 1.0;

  private DomainColumns() {}

  public static void requireFeatures(StructType schema, String featuresCol) {
    requireVector(schema, featuresCol, "featuresCol");
  }

  /**
   * A Vector column that the Param {@code param} names: features (VectorAssembler builds them from
   * numeric columns), an embedding, or a model's probabilities.
   */
  public static void requireVector(StructType schema, String column, String param) {
    DataType type =
        require(
            schema,
            column,
            param,
            "a Vector (VectorAssembler builds one from numeric columns; models write probabilities)");
    if (!type.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException(
          String.format(
              "column '%s' must be of type Vector but is %s: assemble numeric columns into one "
                  + "Vector with VectorAssembler, or set %s to a Vector column",
              column, type.simpleString(), param));
    }
  }

  public static void requireLabel(StructType schema, String labelCol) {
    DataType type =
        require(
            schema,
            labelCol,
            "labelCol",
            "class indices 0..k-1 on source rows (null allowed on target rows)");
    if (!(type instanceof NumericType)) {
      throw new IllegalArgumentException(
          String.format(
              "label column '%s' must be numeric (class indices 0..k-1) but is %s: index string "
                  + "labels with StringIndexer",
              labelCol, type.simpleString()));
    }
  }

  public static void requireDomain(StructType schema, String domainCol) {
    DataType type =
        require(schema, domainCol, "domainCol", "0 on source rows and 1 on target rows");
    if (!(type instanceof NumericType)) {
      throw new IllegalArgumentException(
          String.format(
              "domain column '%s' must be numeric (0 = source, 1 = target) but is %s: e.g. "
                  + "withColumn(\"%s\", when(col(...), 1).otherwise(0))",
              domainCol, type.simpleString(), domainCol));
    }
  }

  private static DataType require(StructType schema, String column, String param, String holds) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(
          String.format(
              "column '%s' not found (available: %s): add it, or set %s to the column that holds %s",
              column, String.join(", ", schema.fieldNames()), param, holds));
    }
    return schema.apply(column).dataType();
  }

  /**
   * {@code schema} with a new Vector column {@code outputCol}; refuses a name already taken, so a
   * stage never overwrites an input column.
   */
  public static StructType withVectorOutput(StructType schema, String outputCol) {
    if (Arrays.asList(schema.fieldNames()).contains(outputCol)) {
      throw new IllegalArgumentException(
          "output column '" + outputCol + "' already exists: set outputCol to a new name");
    }
    return schema.add(outputCol, SQLDataTypes.VectorType(), true);
  }
}
