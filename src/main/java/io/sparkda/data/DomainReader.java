package io.sparkda.data;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/** Reads one domain's rows from any Hadoop path in one of the supported formats. */
public final class DomainReader {
  public static final List<String> FORMATS = List.of("parquet", "csv", "libsvm", "json");

  /**
   * With {@code trackMalformed}, csv and json rows Spark cannot parse into the inferred schema (too
   * many or too few fields, a cell of the wrong type) keep their raw text in this column; it is
   * null on every other row. Spark fills it only where it parses whole rows: query it on a cached
   * Dataset (a count, or a query of some columns, sees no malformed row).
   */
  public static final String MALFORMED_RECORD = "_spark_da_malformed_record";

  /** The formats whose rows can be malformed: text parsed into a schema. */
  public static boolean parsesText(String format) {
    return format.equals("csv") || format.equals("json");
  }

  private DomainReader() {}

  /**
   * The first non-blank line of the innermost cause's message: Spark's own messages span many
   * lines, and a parse error's begins with an empty one.
   */
  public static String rootCauseLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    for (String line : String.valueOf(root.getMessage()).split("\n")) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return root.getClass().getSimpleName();
  }

  /**
   * One domain's rows. With {@code trackMalformed}, csv and json data get the column {@link
   * #MALFORMED_RECORD}. The inferred schema is read first, then the data again with that schema
   * plus the column: Spark's permissive mode otherwise drops an extra field or fills a missing one
   * without a word.
   *
   * @param domain "source" or "target", for messages
   * @param numFeatures libsvm width (0 = inferred)
   */
  public static Dataset<Row> read(
      SparkSession spark,
      String domain,
      String path,
      String format,
      int numFeatures,
      Map<String, Object> options,
      boolean trackMalformed) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException(
          domain + ".path is not set: give the " + domain + " data's path");
    }
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          domain
              + ".format '"
              + format
              + "' is not supported: use one of "
              + String.join(", ", FORMATS));
    }
    Path hadoopPath = new Path(path);
    try {
      FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(hadoopPath)) {
        throw new IllegalArgumentException(domain + ".path does not exist: " + path);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot access " + domain + ".path " + path + ": " + e.getMessage(), e);
    }
    DataFrameReader reader = spark.read().format(format);
    if (format.equals("csv")) {
      reader = reader.option("header", "true").option("inferSchema", "true");
    }
    if (format.equals("libsvm") && numFeatures > 0) {
      reader = reader.option("numFeatures", numFeatures);
    }
    for (Map.Entry<String, Object> option : options.entrySet()) {
      reader = reader.option(option.getKey(), String.valueOf(option.getValue()));
    }
    try {
      Dataset<Row> rows = reader.load(path);
      if (!trackMalformed || !parsesText(format) || rows.columns().length == 0) {
        return rows;
      }
      return reader
          .schema(rows.schema().add(MALFORMED_RECORD, DataTypes.StringType))
          .option("mode", "PERMISSIVE")
          .option("columnNameOfCorruptRecord", MALFORMED_RECORD)
          .load(path);
    } catch (Exception e) {
      // Spark's SparkException is checked in Java's eyes but thrown undeclared by Scala code.
      throw new IllegalArgumentException(
          "cannot read "
              + domain
              + ".path "
              + path
              + " as "
              + format
              + " (is "
              + domain
              + ".format right?): "
              + rootCauseLine(e),
          e);
    }
  }
}
