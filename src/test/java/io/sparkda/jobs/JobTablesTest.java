package io.sparkda.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkda.testutil.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both jobs on real tables, in the session of the table tests' JVM ({@link SparkTestSession}):
 * Spark's Hive catalog (embedded Derby metastore), Apache Iceberg (a Hadoop catalog in a temporary
 * warehouse) and Delta Lake (catalog tables and a delta.`/path` table). Source and target are read
 * from tables with a partition filter, the predictions replace their date's partition, the metrics
 * table gets a row per run. On a build whose Spark a lake format's package does not load on (the
 * pom's {@code tables.loadable}), the job must refuse it with one line that says so.
 */
class JobTablesTest {
  private static final String DAY1 = "2026-12-04";
  private static final String DAY2 = "2026-12-05";

  @TempDir static Path dir;

  /** One table engine: how its tables are named and created. */
  private record Engine(String name, String format) {
    String table(String t) {
      return switch (name) {
        case "iceberg" -> "lake.db." + t;
        case "delta" -> "default.delta_" + t;
        default -> "default.hive_" + t;
      };
    }

    /** The predictions table: for Delta a path table, the other form its tables take. */
    String predictionsTable() {
      return name.equals("delta")
          ? "delta.`" + dir.resolve("delta-predictions").toUri().getPath() + "`"
          : table("predictions");
    }
  }

  private static Engine engine(String name) {
    return new Engine(name, name.equals("hive") ? "parquet" : name);
  }

  @BeforeAll
  static void catalogs() {
    assumeTrue(
        System.getProperty(SparkTestSession.TABLES) != null,
        "runs in the table tests' JVM (mvn verify), whose session has the Hive catalog and Delta");
    SparkSession spark = SparkTestSession.get();
    spark.conf().set("spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set("spark.sql.catalog.lake.type", "hadoop");
    spark.conf().set("spark.sql.catalog.lake.warehouse", dir.resolve("iceberg").toString());
  }

  private static boolean loadable(String engine) {
    return engine.equals("hive")
        || Arrays.asList(System.getProperty("spark.da.test.tables.loadable", "").split(","))
            .contains(engine);
  }

  /**
   * The rotated-moons sample as tables: the source, and the target in two date partitions of 500
   * rows each (with a row key, id).
   */
  private static void createInputs(SparkSession spark, Engine engine) throws Exception {
    if (engine.name().equals("iceberg")) {
      spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.db");
    }
    Path target = JobRuns.rotatedTarget(dir.resolve(engine.name() + "-target.csv"), 0, 1000);
    spark
        .read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv(Path.of("data-samples/rotated-moons/source.csv").toAbsolutePath().toString())
        .createOrReplaceTempView("moons_source");
    spark
        .read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv(target.toString())
        .createOrReplaceTempView("moons_target");
    spark.sql(
        "CREATE TABLE "
            + engine.table("source")
            + " USING "
            + engine.format()
            + " AS SELECT * FROM moons_source");
    spark.sql(
        "CREATE TABLE "
            + engine.table("target")
            + " USING "
            + engine.format()
            + " PARTITIONED BY (ds) AS SELECT id, x1, x2, label, CASE WHEN id <= 500 THEN '"
            + DAY1
            + "' ELSE '"
            + DAY2
            + "' END AS ds FROM moons_target");
  }

  private static Path config(Engine engine, String name, String... extraLines) throws Exception {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "source { table = \"" + engine.table("source") + "\", features = [x1, x2] }",
                "target { table = \"" + engine.table("target") + "\", features = [x1, x2] }",
                "target.labelCol = label",
                "method = coral",
                "evaluate.baseline = false",
                "output.report = false",
                "output.overwrite = true",
                "output.keepColumns = [id]",
                "output.predictionsTable = \""
                    + engine.predictionsTable().replace("\"", "\\\"")
                    + "\"",
                "output.metricsTable = \"" + engine.table("runs") + "\"",
                "output.tableFormat = " + engine.format(),
                "output.partitionBy = [ds]"));
    lines.addAll(Arrays.asList(extraLines));
    Path file = dir.resolve(engine.name() + "-" + name + ".conf");
    Files.write(file, lines);
    return file;
  }

  private static String day(String ds) {
    return "target.where=\"ds = '" + ds + "'\"";
  }

  private static String partition(String ds) {
    return "output.partitionValues.ds=\"" + ds + "\"";
  }

  private static String outputDir(Engine engine, String run) {
    return "output.dir=\"" + dir.resolve(engine.name() + "-" + run) + "\"";
  }

  /** Predictions rows of one date, and their distinct model versions. */
  private static long rows(SparkSession spark, Engine engine, String ds) {
    return spark.table(engine.predictionsTable()).filter("ds = '" + ds + "'").count();
  }

  private static List<String> versions(SparkSession spark, Engine engine, String ds) {
    return spark
        .table(engine.predictionsTable())
        .filter("ds = '" + ds + "'")
        .select("modelVersion")
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hive", "iceberg", "delta"})
  void trainAndScoreFromTablesIntoTablesAndARerunReplacesItsDate(String name) throws Exception {
    assumeTrue(loadable(name), name + " does not load on this Spark: the next test covers it");
    SparkSession spark = SparkTestSession.get();
    Engine engine = engine(name);
    createInputs(spark, engine);
    String train = config(engine, "train").toString();

    JobRuns.Outcome first =
        JobRuns.train(train, day(DAY1), partition(DAY1), outputDir(engine, "a"));
    assertEquals(0, first.code(), first.stderr());
    assertEquals(500, rows(spark, engine, DAY1));
    List<String> firstVersion = versions(spark, engine, DAY1);

    JobRuns.Outcome rerun =
        JobRuns.train(train, day(DAY1), partition(DAY1), outputDir(engine, "b"));
    assertEquals(0, rerun.code(), rerun.stderr());
    assertEquals(500, rows(spark, engine, DAY1), "a rerun replaces its date, never appends");
    List<String> secondVersion = versions(spark, engine, DAY1);
    assertEquals(1, secondVersion.size());
    assertFalse(firstVersion.equals(secondVersion), "the rerun's model wrote the rows");
    Row probability = spark.table(engine.predictionsTable()).select("probability").first();
    assertEquals(2, probability.getList(0).size(), "probability as an array of doubles");

    JobRuns.Outcome scored =
        JobRuns.score(
            config(engine, "score", "score.modelPath = \"" + dir.resolve(name + "-b/model") + "\"")
                .toString(),
            day(DAY2),
            partition(DAY2),
            outputDir(engine, "score"));
    assertEquals(0, scored.code(), scored.stderr());
    assertEquals(500, rows(spark, engine, DAY2));
    assertEquals(secondVersion, versions(spark, engine, DAY2), "scored by the saved model");
    assertEquals(500, rows(spark, engine, DAY1), "another date's rows are untouched");
    assertEquals(secondVersion, versions(spark, engine, DAY1));

    // A run that fails (a NaN feature, found after reading) leaves the tables as they were.
    JobRuns.Outcome failed =
        JobRuns.train(
            train,
            "target.table=null",
            "target.query=\"SELECT id, x1, CAST('NaN' AS DOUBLE) AS x2, label, ds FROM "
                + engine.table("target").replace("`", "")
                + "\"",
            day(DAY1),
            partition(DAY1),
            outputDir(engine, "c"));
    assertEquals(2, failed.code(), failed.stderr());
    assertTrue(failed.stderr().contains("target feature column 'x2'"), failed.stderr());
    assertEquals(500, rows(spark, engine, DAY1));
    assertEquals(secondVersion, versions(spark, engine, DAY1));

    List<Row> runs =
        spark
            .table(engine.table("runs"))
            .orderBy("startedAt")
            .select("job", "partitionValues", "targetRows", "drifted", "modelVersion")
            .collectAsList();
    assertEquals(3, runs.size(), "one row per finished run: " + runs);
    assertEquals(
        List.of("train", "train", "score"), runs.stream().map(r -> r.getString(0)).toList());
    assertEquals("{\"ds\":\"" + DAY2 + "\"}", runs.get(2).getString(1));
    assertEquals(500L, runs.get(2).getLong(2));
    assertFalse(runs.get(2).getBoolean(3), "the model's own target's other half has not drifted");
    assertEquals(secondVersion.get(0), runs.get(2).getString(4));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hive", "iceberg", "delta"})
  void refusesTablesItCannotUseWithOneLine(String name) throws Exception {
    SparkSession spark = SparkTestSession.get();
    Engine engine = engine(name);
    String conf = config(engine, "refused").toString();
    List<String[]> cases = new ArrayList<>();
    if (loadable(name)) {
      cases.add(
          new String[] {
            "source.table=\"" + engine.table("nope").replace("`", "") + "\"",
            "source.table '" + engine.table("nope").replace("`", "") + "' does not exist"
          });
    } else {
      // The newest package of this format is built for another Spark than this build's: the run
      // reads files, trains, and is refused when it creates its predictions table, committing
      // nothing.
      String csv = Path.of("data-samples/rotated-moons").toAbsolutePath().toString();
      JobRuns.Outcome outcome =
          JobRuns.train(
              conf,
              "source.table=null",
              "source.path=\"" + csv + "/source.csv\"",
              "source.format=csv",
              "target.table=null",
              "target.path=\"" + csv + "/target.csv\"",
              "target.format=csv",
              "output.keepColumns=[]",
              "output.metricsTable=\"\"",
              partition(DAY1),
              outputDir(engine, "refused"),
              "--verbose");
      assertEquals(2, outcome.code(), outcome.stderr());
      assertTrue(
          outcome.stderr().contains("was built for another Spark than this " + spark.version()),
          outcome.stderr());
      assertFalse(Files.exists(dir.resolve(name + "-refused")), "nothing committed");
    }
    cases.add(
        new String[] {"source.table=\"nocatalog.db.t\"", "no catalog 'nocatalog' is configured"});
    for (String[] c : cases) {
      JobRuns.Outcome outcome =
          JobRuns.train(
              conf, c[0], day(DAY1), partition(DAY1), outputDir(engine, "refused"), "--validate");
      assertEquals(2, outcome.code(), c[0] + ": " + outcome.stderr());
      assertTrue(
          outcome.stderr().contains(c[1]),
          c[0] + " should say '" + c[1] + "': " + outcome.stderr());
      assertEquals(1, outcome.stderr().strip().split("\n").length, outcome.stderr());
    }
  }
}
