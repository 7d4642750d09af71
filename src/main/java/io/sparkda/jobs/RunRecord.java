package io.sparkda.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One run as one row of {@code output.metricsTable}, the same columns for training and scoring
 * runs, so that a dashboard charts both over time. Nested values (partition values, predicted
 * classes, failed gates) are JSON strings: every table format stores them, and the columns never
 * change with the number of classes.
 *
 * @param job train or score
 * @param proxyADistance training: between the domains' input features (null without output.report);
 *     scoring: drift, today's target against the model's reference
 * @param drifted scoring only: the drift verdict
 */
record RunRecord(
    String runId,
    String job,
    String modelVersion,
    String startedAt,
    String finishedAt,
    Map<String, String> partitionValues,
    String method,
    String source,
    String target,
    Long sourceRows,
    long targetRows,
    TargetReport.Signals predictions,
    Double proxyADistance,
    Double mmd,
    Boolean drifted,
    Double targetAccuracy,
    QualityGates.Result gates,
    String outputDir) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final StructType SCHEMA =
      new StructType()
          .add("runId", DataTypes.StringType)
          .add("job", DataTypes.StringType)
          .add("modelVersion", DataTypes.StringType)
          .add("startedAt", DataTypes.StringType)
          .add("finishedAt", DataTypes.StringType)
          .add("partitionValues", DataTypes.StringType)
          .add("method", DataTypes.StringType)
          .add("source", DataTypes.StringType)
          .add("target", DataTypes.StringType)
          .add("sourceRows", DataTypes.LongType)
          .add("targetRows", DataTypes.LongType)
          .add("predictedClasses", DataTypes.StringType)
          .add("proxyADistance", DataTypes.DoubleType)
          .add("mmd", DataTypes.DoubleType)
          .add("drifted", DataTypes.BooleanType)
          .add("targetAccuracy", DataTypes.DoubleType)
          .add("gatesFailed", DataTypes.StringType)
          .add("outputDir", DataTypes.StringType);

  Dataset<Row> toDataFrame(SparkSession spark) {
    Map<String, Long> classes = new LinkedHashMap<>();
    predictions
        .predictedClasses()
        .forEach(c -> classes.put(String.valueOf(c.classIndex()), c.rows()));
    List<String> failed = new ArrayList<>();
    if (gates != null) {
      gates.failed().forEach(f -> failed.add(f.gate()));
    }
    Row row =
        RowFactory.create(
            runId,
            job,
            modelVersion,
            startedAt,
            finishedAt,
            json(partitionValues),
            method,
            source,
            target,
            sourceRows,
            targetRows,
            json(classes),
            proxyADistance,
            mmd,
            drifted,
            targetAccuracy,
            json(failed),
            outputDir);
    return spark.createDataFrame(List.of(row), SCHEMA);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
