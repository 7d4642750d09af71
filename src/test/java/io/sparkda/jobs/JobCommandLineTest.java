package io.sparkda.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.sparkda.ml.DannClassifier;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's command line without Spark: --help, --list-keys, option parsing, the spark block. */
class JobCommandLineTest {
  @TempDir Path dir;

  /** Runs the job; returns its exit code, stdout and stderr. */
  private static Object[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      int code = AdaptJob.run(args);
      return new Object[] {
        code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8)
      };
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpNamesEveryMethodTheJobAccepts() {
    for (String flag : List.of("--help", "-h")) {
      Object[] result = run("conf/example.conf", flag);
      assertEquals(0, result[0], (String) result[2]);
      String help = (String) result[1];
      assertTrue(help.contains("usage: spark-da CONFIG"), help);
      assertTrue(help.contains("--validate") && help.contains("--list-keys"), help);
      List<String> methods = new ArrayList<>(MethodPipelines.BASES);
      methods.add(MethodPipelines.SELF_TRAINING);
      for (String method : methods) {
        assertTrue(help.contains("\n  " + method + " "), "help lists " + method + ":\n" + help);
      }
    }
  }

  @Test
  void listKeysShowsEveryReferenceKeyWithItsDefaultAndADoc() {
    Object[] result = run("--list-keys");
    assertEquals(0, result[0], (String) result[2]);
    String listed = "\n" + result[1];
    Config reference = ReferenceKeys.reference();
    for (Map.Entry<String, ?> leaf : reference.entrySet()) {
      assertTrue(listed.contains("\n" + leaf.getKey() + " = "), leaf.getKey() + " not listed");
    }
    assertTrue(listed.contains("\nsource.path = null\n"), "null defaults are listed too");
    assertTrue(listed.contains("\nmodel.batchSize = 64\n"), listed);
    for (ReferenceKeys.Key key : ReferenceKeys.all()) {
      assertFalse(key.doc().isEmpty(), key.path() + " has no doc");
    }
    // A key without a comment of its own is documented by the Param it sets.
    assertEquals(
        List.of(new DannClassifier().batchSize().doc()),
        ReferenceKeys.get("model.batchSize").doc());
    assertEquals(
        ReferenceKeys.get("source.numFeatures").doc(),
        ReferenceKeys.get("target.numFeatures").doc());
  }

  /** A job that fails the test if the runner ever gets as far as a Spark session. */
  private static final JobRunner.Job NEVER_STARTS_SPARK =
      new JobRunner.Job() {
        @Override
        public String help() {
          return "";
        }

        @Override
        public void checkConfig(JobConfig config) {
          JobValidation.checkConfig(config);
        }

        @Override
        public String validate(SparkSession spark, JobConfig config) {
          throw new AssertionError("the config check passed and Spark started");
        }

        @Override
        public String execute(SparkSession spark, JobConfig config) {
          throw new AssertionError("the config check passed and Spark started");
        }
      };

  @Test
  void configErrorsExitTwoBeforeTheSessionStarts() {
    // Types, Param validators, unknown keys, method, grid, gates, output rules, input keys.
    for (String bad :
        List.of(
            "model.learningRate=\"abc\"",
            "model.learningRate=-1",
            "model.batchSize=0",
            "coral.regParam=-2",
            "shallow.classifier=svm",
            "tune.grid{\"model.lambda\"=[]}",
            "tune.grid{\"model.lambdaMax\"=[-1]}",
            "evaluate.failIf=[sometimes]",
            "output.partitionBy=[ds]",
            "source.table=db.t")) {
      PrintStream err = System.err;
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int code;
      try {
        code =
            JobRunner.run(
                new String[] {"--validate", "conf/example.conf", bad}, NEVER_STARTS_SPARK);
      } finally {
        System.setErr(err);
      }
      assertEquals(2, code, bad);
      assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("spark-da: "), bad);
    }
  }

  @Test
  void validateSaysWhatWillRun() {
    JobConfig tuned =
        JobConfig.load(
            new File("conf/example.conf"),
            List.of("tune.grid{\"model.lambdaMax\"=[0.1,1]}", "tune.keepSourceOnly=true"));
    String plan = JobValidation.plan(tuned);
    assertTrue(
        plan.startsWith("method dann, tuning 2 candidates over model.lambdaMax picked by"), plan);
    assertTrue(
        JobValidation.plan(JobConfig.load(new File("conf/example.conf"), List.of("method=auto")))
            .startsWith("method auto: a source-only guard"));
  }

  @Test
  void badCommandLinesExitTwoWithTheFix() {
    Object[] unknown = run("conf/example.conf", "--dry-run");
    assertEquals(2, unknown[0]);
    assertTrue(((String) unknown[2]).contains("unknown option '--dry-run'"), (String) unknown[2]);
    Object[] none = run("--verbose");
    assertEquals(2, none[0]);
    assertTrue(((String) none[2]).contains("no config file given"), (String) none[2]);
    Object[] notKeyValue = run("conf/example.conf", "model.batchSize");
    assertEquals(2, notKeyValue[0]);
    assertTrue(((String) notKeyValue[2]).contains("is not key=value"), (String) notKeyValue[2]);
  }

  @Test
  void sparkBlockKeysBecomeSparkSettings() throws Exception {
    Path file = dir.resolve("job.conf");
    Files.writeString(
        file,
        "spark.sql.shuffle.partitions = 7\n"
            + "spark { executor.memory = 3g, appName = nightly }\n"
            + "output.dir = out\n");
    JobConfig config = JobConfig.load(file.toFile(), List.of("spark.task.cpus=2"));
    assertEquals(
        Map.of(
            "spark.sql.shuffle.partitions", "7",
            "spark.executor.memory", "3g",
            "spark.task.cpus", "2"),
        SparkSettings.of(config));
    assertEquals("nightly", config.string("spark.appName"));
    JobConfig list = JobConfig.load(file.toFile(), List.of("spark.jars=[a, b]"));
    JobConfigException e = assertThrows(JobConfigException.class, () -> SparkSettings.of(list));
    assertTrue(e.getMessage().contains("'spark.jars'"), e.getMessage());
  }
}
