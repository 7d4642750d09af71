package io.sparkda.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.when;

import io.sparkda.data.DomainColumns;
import io.sparkda.data.DomainReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * The job's checks of its raw input columns, before the feature assembly: Spark's VectorAssembler
 * would otherwise fail deep inside a task with a UDF error and hundreds of lines of stack, where
 * the user needs the column and the fix.
 */
final class InputChecks {
  /** Columns the fitted pipeline adds to the target rows. */
  private static final List<String> OUTPUT_COLUMNS =
      List.of(JobColumns.PREDICTION, JobColumns.PROBABILITY, "rawPrediction");

  private InputChecks() {}

  /** The data's columns as the user knows them: without the job's parse column. */
  static List<String> userColumns(Dataset<Row> data) {
    return Arrays.stream(data.columns())
        .filter(c -> !c.equals(DomainReader.MALFORMED_RECORD))
        .toList();
  }

  /** {@link #userColumns} for a message. */
  static String columnList(Dataset<Row> data) {
    return String.join(", ", userColumns(data));
  }

  static void requireFeatureColumns(Dataset<Row> data, String domain, List<String> columns) {
    for (String c : columns) {
      if (!Arrays.asList(data.columns()).contains(c)) {
        throw new JobConfigException(
            domain
                + " data has no feature column '"
                + c
                + "' (columns: "
                + columnList(data)
                + ")"
                + duplicateHint(data, c)
                + ": fix source.features / target.features");
      }
      DataType type = nonNumericType(data, domain, c);
      if (type != null) {
        throw new JobConfigException(
            domain
                + " feature column '"
                + c
                + "' is "
                + type.simpleString()
                + ", not numeric: features must be numbers (for csv, check "
                + "the header and the delimiter in "
                + domain
                + ".options)");
      }
    }
  }

  /** The data has columns: an empty csv file has none. */
  static void requireColumns(Dataset<Row> data, String domain) {
    if (data.columns().length == 0) {
      throw new JobConfigException(
          domain + " data has no columns: is the file empty, or without its header line?");
    }
  }

  /**
   * The type of {@code column} when it is not numeric, else null. A csv file with a header and no
   * rows infers string columns: that is refused as what is really wrong, no rows.
   */
  private static DataType nonNumericType(Dataset<Row> data, String domain, String column) {
    DataType type = data.schema().apply(column).dataType();
    if (type instanceof NumericType) {
      return null;
    }
    if (data.isEmpty()) {
      throw new JobConfigException(domain + " data has no rows (" + domain + ".path)");
    }
    return type;
  }

  /** Spark renames a header's repeated name x to x0, x1, ...: say so when that hides a column. */
  private static String duplicateHint(Dataset<Row> data, String column) {
    List<String> renamed =
        Arrays.stream(data.columns())
            .filter(c -> c.matches(Pattern.quote(column) + "\\d+"))
            .toList();
    return renamed.size() < 2
        ? ""
        : " (the header names '"
            + column
            + "' more than once, and Spark renamed them "
            + String.join(", ", renamed)
            + ")";
  }

  /**
   * The data has columns (an empty csv file has none) and {@code labelCol} is one of them holding
   * numbers; {@code key} is the config key that names it.
   */
  static void requireLabel(Dataset<Row> data, String domain, String key, String labelCol) {
    requireColumns(data, domain);
    if (!Arrays.asList(data.columns()).contains(labelCol)) {
      throw new JobConfigException(
          domain
              + " data has no label column '"
              + labelCol
              + "' (columns: "
              + columnList(data)
              + "): set "
              + key);
    }
    DataType type = nonNumericType(data, domain, labelCol);
    if (type != null) {
      throw new JobConfigException(
          domain
              + " label column '"
              + labelCol
              + "' is "
              + type.simpleString()
              + ", not a number: labels are class indices 0, 1, ..., k-1 (index them with Spark's"
              + " StringIndexer)");
    }
  }

  /** {@code target.labelCol}, when set, is a column of the target. */
  static void requireTargetLabel(Dataset<Row> target, String labelCol) {
    if (!labelCol.isEmpty() && !Arrays.asList(target.columns()).contains(labelCol)) {
      throw new JobConfigException(
          "target.labelCol names '"
              + labelCol
              + "', which the target data does not have (columns: "
              + columnList(target)
              + "): name the column of known target labels, or set target.labelCol = \"\" when"
              + " there is none");
    }
    if (!labelCol.isEmpty()) {
      requireLabel(target, "target", "target.labelCol", labelCol);
    }
  }

  /** Every column of {@code output.keepColumns} is a column of the target. */
  static void requireKeptColumns(Dataset<Row> target, List<String> keepColumns) {
    for (String c : keepColumns) {
      if (!Arrays.asList(target.columns()).contains(c)) {
        throw new JobConfigException(
            "output.keepColumns names '"
                + c
                + "', which the target data does not have (columns: "
                + columnList(target)
                + ")");
      }
    }
  }

  static void requireNoOutputColumns(Dataset<Row> target) {
    for (String c : OUTPUT_COLUMNS) {
      if (Arrays.asList(target.columns()).contains(c)) {
        throw new JobConfigException(
            "target data already has a column '"
                + c
                + "', which the "
                + "job writes: rename or drop it (is this an earlier job's output?)");
      }
    }
  }

  /**
   * Per feature column, the source then the target rows whose cell is null (an empty csv cell), NaN
   * or infinite, as aggregate expressions for the job's counting pass.
   */
  static List<Column> missingFeatureCounts(List<String> features, String domainCol) {
    List<Column> counts = new ArrayList<>();
    for (String c : features) {
      Column value = col(c).cast(DataTypes.DoubleType);
      Column missing =
          value
              .isNull()
              .or(isnan(value))
              .or(value.isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
      counts.add(count(when(col(domainCol).equalTo(DomainColumns.SOURCE).and(missing), 1)));
      counts.add(count(when(col(domainCol).equalTo(DomainColumns.TARGET).and(missing), 1)));
    }
    return counts;
  }

  /**
   * Reads the counts of {@link #missingFeatureCounts} from {@code row}, starting at {@code first}.
   */
  static void requireNoMissingFeatures(List<String> features, Row row, int first) {
    for (int i = 0; i < features.size(); i++) {
      for (int d = 0; d < 2; d++) {
        long missing = row.getLong(first + 2 * i + d);
        if (missing > 0) {
          throw new JobConfigException(
              String.format(
                  "%s feature column '%s' has %d empty, NaN or infinite values: drop those rows or"
                      + " fill them (e.g. Spark's Imputer) before the job",
                  d == 0 ? "source" : "target", features.get(i), missing));
        }
      }
    }
  }
}
