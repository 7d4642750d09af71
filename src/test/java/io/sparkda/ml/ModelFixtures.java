package io.sparkda.ml;

import static org.apache.spark.sql.functions.lit;

import io.sparkda.testutil.MoonsFixture;
import io.sparkda.testutil.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Saved models of every kind spark-da writes, kept under {@code src/test/resources/model-fixtures}
 * so that later versions must keep loading them ({@code SavedModelFixtureTest}). Each fixture
 * directory holds the saved model and {@code expected.csv}: the model's outputs on {@link #POINTS}
 * when it was saved.
 *
 * <p>Run {@code main} only to add fixtures for a new format version, into a new directory; never
 * rewrite an existing one. Each version is saved by both builds: {@code vN} by the Spark 3.5 build,
 * {@code vN-spark4} by the Spark 4 build (the same commands with {@code -Pspark4} and {@code
 * target-spark4}):
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt
 * java $(sed -n 's:.*&lt;spark.java17.flags&gt;\(.*\)&lt;/spark.java17.flags&gt;.*:\1:p' pom.xml) \
 *   -cp target/test-classes:target/classes:$(cat target/test-cp.txt) \
 *   io.sparkda.ml.ModelFixtures src/test/resources/model-fixtures/vN
 * </pre>
 */
public final class ModelFixtures {
  /** Inputs to score: 2-feature points around the moons. */
  static final double[][] POINTS = {{0, 0}, {1, 0.5}, {-1, 0.2}, {2, -0.3}, {0.5, 0.9}};

  /** The conv DANN fixture's directory, in versions from 2 on. */
  static final String CONV_DANN = "dann-conv";

  /** The TorchScript-extractor DANN fixture's directory, in versions from 2 on. */
  static final String TORCHSCRIPT_DANN = "dann-torchscript";

  /** A TorchScript extractor taking the fixtures' 2 features (make_extractor.py writes it). */
  static final String TORCHSCRIPT_EXTRACTOR = "src/test/resources/torchscript/extractor.pt";

  private ModelFixtures() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " exists: fixtures are never rewritten");
    }
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> moons = MoonsFixture.domains(spark, 100, 5).cache();

    DannClassificationModel dann =
        new DannClassifier()
            .setHiddenLayers(new int[] {4})
            .setDomainHiddenLayers(new int[] {3})
            .setMaxEpochs(2)
            .setNumPartitions(1)
            .setSeed(5)
            .fit(moons);
    dann.save(dir.resolve("dann").toString());
    write(dir.resolve("dann/expected.csv"), vectors(dann.transform(points(spark)), "probability"));

    // From format 2: a conv feature extractor, on the points read as 1 x 1 x 2 images.
    DannClassificationModel conv =
        new DannClassifier()
            .setFeatureExtractor("conv(3,1)-maxpool(1)-dense(4)")
            .setInputShape(new int[] {1, 1, 2})
            .setDomainHiddenLayers(new int[] {3})
            .setMaxEpochs(2)
            .setNumPartitions(1)
            .setSeed(5)
            .fit(moons);
    conv.save(dir.resolve(CONV_DANN).toString());
    write(
        dir.resolve(CONV_DANN + "/expected.csv"),
        vectors(conv.transform(points(spark)), "probability"));

    // From format 2: a TorchScript feature extractor, its file saved with the model.
    DannClassificationModel torchScript =
        new DannClassifier()
            .setFeatureExtractorPath(TORCHSCRIPT_EXTRACTOR)
            .setDomainHiddenLayers(new int[] {3})
            .setMaxEpochs(2)
            .setNumPartitions(1)
            .setSeed(5)
            .fit(moons);
    torchScript.save(dir.resolve(TORCHSCRIPT_DANN).toString());
    write(
        dir.resolve(TORCHSCRIPT_DANN + "/expected.csv"),
        vectors(torchScript.transform(points(spark)), "probability"));

    CoralAlignmentModel coral = new CoralAlignment().setOutputCol("aligned").fit(moons);
    coral.save(dir.resolve("coral").toString());
    Dataset<Row> sourcePoints = points(spark).withColumn("domain", lit(0.0));
    write(dir.resolve("coral/expected.csv"), vectors(coral.transform(sourcePoints), "aligned"));

    SelfTrainingClassificationModel selfTrained =
        new SelfTrainingClassifier()
            .setClassifier(new LogisticRegression())
            .setMaxIter(1)
            .setThreshold(0.8)
            .fit(moons);
    selfTrained.save(dir.resolve("self-training").toString());
    write(
        dir.resolve("self-training/expected.csv"),
        vectors(selfTrained.transform(points(spark)), "probability"));
  }

  static Dataset<Row> points(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (double[] p : POINTS) {
      rows.add(RowFactory.create(Vectors.dense(p)));
    }
    return spark.createDataFrame(rows, new StructType().add("features", SQLDataTypes.VectorType()));
  }

  /** One line per row: the vector column's values, comma-separated. */
  static List<String> vectors(Dataset<Row> scored, String column) {
    List<String> lines = new ArrayList<>();
    for (Row row : scored.select(column).collectAsList()) {
      Vector v = row.getAs(0);
      StringBuilder line = new StringBuilder();
      for (double x : v.toArray()) {
        line.append(line.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.9g", x));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines);
  }
}
