package io.sparkda.jobs;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Catalog;
import org.apache.spark.sql.types.StructField;

/**
 * The job's tables ({@code output.predictionsTable}, {@code output.metricsTable}): created when
 * missing, with {@code output.tableFormat} and {@code output.partitionBy}; the predictions written
 * with {@code INSERT OVERWRITE ... PARTITION (the run's partitionValues)}, so a rerun of a date
 * replaces that date's rows and nothing else, in one commit of the table (Iceberg and Delta commit
 * atomically; a Hive or file table replaces the partition's directory). The metrics rows are
 * appended. Plain SQL, so every catalog that Spark's SQL reaches behaves the same.
 */
final class OutputTables {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String predictionsTable;
  private final String metricsTable;
  private final String format;
  private final List<String> partitionBy;
  private final Map<String, String> partitionValues;

  private OutputTables(JobConfig config) {
    this.predictionsTable = config.string("output.predictionsTable").trim();
    this.metricsTable = config.string("output.metricsTable").trim();
    this.format = config.string("output.tableFormat").trim();
    this.partitionBy = config.strings("output.partitionBy");
    this.partitionValues = new LinkedHashMap<>();
    config
        .object("output.partitionValues")
        .forEach((k, v) -> partitionValues.put(k, String.valueOf(v)));
  }

  /** The output keys, checked without Spark: names, partition columns with their values. */
  static OutputTables check(JobConfig config) {
    OutputTables tables = new OutputTables(config);
    if (!tables.format.isEmpty() && !IDENTIFIER.matcher(tables.format).matches()) {
      throw new JobConfigException(
          "output.tableFormat '" + tables.format + "' is not a format name: e.g. parquet, delta");
    }
    for (String c : tables.partitionValues.keySet()) {
      if (!IDENTIFIER.matcher(c).matches()) {
        throw new JobConfigException(
            "output.partitionValues names '" + c + "', which is not a plain column name");
      }
      if (List.of(JobColumns.PREDICTION, JobColumns.PROBABILITY, MODEL_VERSION).contains(c)) {
        throw new JobConfigException(
            "output.partitionValues names '" + c + "', a column the job writes itself: rename it");
      }
    }
    for (String c : tables.partitionBy) {
      if (!tables.partitionValues.containsKey(c)) {
        throw new JobConfigException(
            "output.partitionBy names '"
                + c
                + "', which output.partitionValues does not set: give this run's value, e.g."
                + " output.partitionValues."
                + c
                + " = \"2026-12-05\" (the partition a rerun replaces)");
      }
    }
    if (!tables.partitionBy.isEmpty() && tables.predictionsTable.isEmpty()) {
      throw new JobConfigException(
          "output.partitionBy is set but output.predictionsTable is not: name the table");
    }
    return tables;
  }

  /** The column of the model's version in predictions (files and table). */
  static final String MODEL_VERSION = "modelVersion";

  /**
   * The columns of predictions/ and the predictions table, in their order; refused before the run's
   * work when a kept column has the name of a partition value.
   */
  List<String> predictionColumns(List<String> keepColumns) {
    for (String c : partitionValues.keySet()) {
      if (keepColumns.contains(c)) {
        throw new JobConfigException(
            "output.partitionValues names '"
                + c
                + "', which output.keepColumns keeps from the target: rename one");
      }
    }
    List<String> columns = new ArrayList<>(keepColumns);
    columns.addAll(List.of(JobColumns.PREDICTION, JobColumns.PROBABILITY, MODEL_VERSION));
    columns.addAll(partitionValues.keySet());
    return columns;
  }

  /** The scored rows with the model's version and the run's partition values. */
  Dataset<Row> predictions(Dataset<Row> scored, String modelVersion) {
    return withPartitionValues(scored.withColumn(MODEL_VERSION, lit(modelVersion)));
  }

  /** The partitionValues columns, added to every predictions row. */
  private Dataset<Row> withPartitionValues(Dataset<Row> rows) {
    for (Map.Entry<String, String> value : partitionValues.entrySet()) {
      rows = rows.withColumn(value.getKey(), lit(value.getValue()));
    }
    return rows;
  }

  Map<String, String> partitionValues() {
    return partitionValues;
  }

  boolean writesPredictions() {
    return !predictionsTable.isEmpty();
  }

  boolean writesMetrics() {
    return !metricsTable.isEmpty();
  }

  /**
   * Before the run's work: an existing predictions table must take the columns {@code rows} will
   * have and be partitioned by {@code output.partitionBy}, so a mismatch fails in seconds rather
   * than after training.
   */
  void checkPredictionsTable(SparkSession spark, List<String> columns) {
    if (writesPredictions()) {
      checkExisting(spark, "output.predictionsTable", predictionsTable, columns, partitionBy);
    }
  }

  /** Replaces this run's partition of the predictions table with {@code rows} (created first). */
  void writePredictions(SparkSession spark, Dataset<Row> rows) {
    write(spark, "output.predictionsTable", predictionsTable, rows, partitionBy, true);
  }

  /** Appends one row (or a few) to the metrics table (created first). */
  void appendMetrics(SparkSession spark, Dataset<Row> rows) {
    write(spark, "output.metricsTable", metricsTable, rows, List.of(), false);
  }

  private void write(
      SparkSession spark,
      String key,
      String table,
      Dataset<Row> rows,
      List<String> partitions,
      boolean overwrite) {
    List<String> columns = List.of(rows.columns());
    if (!exists(spark, key, table)) {
      TableErrors.reading(key, table, () -> spark.sql(createStatement(table, rows, partitions)));
    }
    List<String> order = checkExisting(spark, key, table, columns, partitions);
    String view = "spark_da_output_" + UUID.randomUUID().toString().replace("-", "");
    rows.createOrReplaceTempView(view);
    try {
      List<String> selected = new ArrayList<>();
      for (String c : order) {
        if (!partitions.contains(c)) {
          selected.add(quote(c));
        }
      }
      StringBuilder sql =
          new StringBuilder(overwrite ? "INSERT OVERWRITE TABLE " : "INSERT INTO ").append(table);
      if (!partitions.isEmpty()) {
        List<String> spec = new ArrayList<>();
        for (String c : partitions) {
          spec.add(quote(c) + " = '" + partitionValues.get(c).replace("'", "''") + "'");
        }
        sql.append(" PARTITION (").append(String.join(", ", spec)).append(")");
      }
      sql.append(" SELECT ").append(String.join(", ", selected)).append(" FROM ").append(view);
      TableErrors.reading(key, table, () -> spark.sql(sql.toString()));
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  /**
   * The table's columns in its order, after checking that they are {@code columns} and that its
   * partition columns are {@code partitions}; nothing when the table does not exist yet.
   */
  private static List<String> checkExisting(
      SparkSession spark, String key, String table, List<String> columns, List<String> partitions) {
    if (!exists(spark, key, table)) {
      return columns;
    }
    Catalog catalog = spark.catalog();
    List<String> order = new ArrayList<>();
    Set<String> partitioned = new TreeSet<>();
    for (StructField field : spark.table(table).schema().fields()) {
      order.add(field.name());
    }
    for (var c :
        TableErrors.reading(key, table, () -> catalog.listColumns(table).collectAsList())) {
      if (c.isPartition()) {
        partitioned.add(c.name());
      }
    }
    if (!new TreeSet<>(order).equals(new TreeSet<>(columns))) {
      throw new JobConfigException(
          key
              + " '"
              + table
              + "' has the columns "
              + order
              + ", but this run writes "
              + columns
              + ": write to a new table, or change output.keepColumns / output.partitionValues"
              + " to match");
    }
    if (!partitioned.equals(new TreeSet<>(partitions))) {
      throw new JobConfigException(
          key
              + " '"
              + table
              + "' is partitioned by "
              + partitioned
              + ", but output.partitionBy is "
              + partitions
              + ": set output.partitionBy (and output.partitionValues) to its partition columns");
    }
    return order;
  }

  /**
   * Whether the table exists; a delta.`/path` without a Delta table yet counts as missing (Delta 4
   * answers tableExists for it with an error).
   */
  private static boolean exists(SparkSession spark, String key, String table) {
    try {
      return spark.catalog().tableExists(table);
    } catch (Exception e) {
      // Exception: Spark 4's AnalysisException is checked, undeclared by Scala.
      if (String.valueOf(e.getMessage()).contains("DELTA_MISSING_DELTA_TABLE")) {
        return false;
      }
      throw TableErrors.explain(key, table, e);
    } catch (LinkageError e) {
      throw TableErrors.explain(key, table, e);
    }
  }

  private String createStatement(String table, Dataset<Row> rows, List<String> partitions) {
    List<String> fields = new ArrayList<>();
    for (StructField field : rows.schema().fields()) {
      fields.add(quote(field.name()) + " " + field.dataType().sql());
    }
    String sql = "CREATE TABLE " + table + " (" + String.join(", ", fields) + ")";
    if (!format.isEmpty()) {
      sql += " USING " + format;
    }
    if (!partitions.isEmpty()) {
      sql +=
          " PARTITIONED BY ("
              + String.join(", ", partitions.stream().map(OutputTables::quote).toList())
              + ")";
    }
    return sql;
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /** The rows as a table stores them: vectors as arrays of doubles (no table format has UDTs). */
  static Dataset<Row> tableRows(Dataset<Row> rows) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : rows.schema().fields()) {
      columns.add(
          field.dataType() instanceof VectorUDT
              ? vector_to_array(col(field.name()), "float64").as(field.name())
              : col(field.name()));
    }
    return rows.select(columns.toArray(new Column[0]));
  }
}
