package io.sparkda.jobs;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.sparkda.testutil.SparkTestSession;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws generated bad configs at the jobs' config checks and generated bad files at the training
 * job's input checks, in this JVM (no process per case), from fixed seeds so that a finding
 * replays. Each case must end in one of two ways: the checks pass (for inputs: the rows are read,
 * counted and a classifier fits on them), or a {@link JobConfigException} (exit 2) whose one line
 * names the key or the domain; never another exception and never longer than its time bound.
 * docs/jobs.md ("Fuzz test") records the counts and what the test found.
 */
class JobFuzzTest {
  static final int CONFIG_CASES = 1200;
  static final int INPUT_CASES = 200;
  private static final Duration CONFIG_BOUND = Duration.ofSeconds(10);
  private static final Duration INPUT_BOUND = Duration.ofSeconds(60);
  private static final File EXAMPLE = new File("conf/example.conf");

  @TempDir Path dir;

  // ---- configs ---------------------------------------------------------------------------------

  @Test
  void generatedConfigsAreRefusedWithOneLineNamingTheKeyOrPass() {
    Config reference = ReferenceKeys.reference();
    List<String> paths = new ArrayList<>();
    for (ReferenceKeys.Key key : ReferenceKeys.all()) {
      paths.add(key.path());
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> findings = new ArrayList<>();
    for (int i = 0; i < CONFIG_CASES; i++) {
      Random random = new Random((32_000L + i) * 0x9E3779B97F4A7C15L);
      List<String> keys = new ArrayList<>();
      List<String> overrides = new ArrayList<>();
      int n = 1 + random.nextInt(3);
      for (int k = 0; k < n; k++) {
        String path = paths.get(random.nextInt(paths.size()));
        String[] mutation = mutateKey(random, path, reference, paths);
        keys.add(mutation[0]);
        overrides.add(mutation[0] + "=" + mutation[1]);
      }
      boolean scoring = random.nextInt(4) == 0;
      if (scoring) {
        overrides.add("score.modelPath=\"/models/current\"");
      }
      String outcome =
          bounded(
              CONFIG_BOUND,
              overrides,
              () -> {
                JobConfig config = JobConfig.load(EXAMPLE, overrides);
                if (scoring) {
                  ScoreJob.checkConfig(config);
                } else {
                  JobValidation.checkConfig(config);
                }
                return "passed";
              });
      String finding = judge(outcome, overrides, keys);
      if (finding != null) {
        findings.add(finding);
      }
      outcomes.merge(outcome.startsWith("refused") ? "refused" : outcome, 1, Integer::sum);
    }
    System.out.println("JobFuzzTest configs: " + CONFIG_CASES + " cases, " + outcomes);
    assertTrue(findings.isEmpty(), findings.size() + " findings:\n" + String.join("\n", findings));
    assertTrue(outcomes.getOrDefault("refused", 0) > CONFIG_CASES / 2, outcomes.toString());
  }

  /** A key (the reference's, or an unknown one near it) and a HOCON value for it. */
  private static String[] mutateKey(
      Random random, String path, Config reference, List<String> paths) {
    ConfigValueType type =
        reference.hasPath(path) ? reference.getValue(path).valueType() : ConfigValueType.NULL;
    switch (random.nextInt(8)) {
      case 0: // an unknown key: a typo, or a new leaf in a known section
        return new String[] {random.nextBoolean() ? typo(random, path) : path + "X", "1"};
      case 1: // a value of another type
        return new String[] {path, otherType(random, type)};
      case 2: // numbers out of any sensible range
        return new String[] {
          path, pick(random, "-1", "0", "-1e9", "1e308", "2147483648", "0.5", "-0.0", "1e-320")
        };
      case 3: // lists: empty, huge, of the wrong element type, nested
        return new String[] {
          path,
          pick(random, "[]", hugeList(random), "[\"a\", 1]", "[[1]]", "[null]", "[-1, 0]", "[0.5]")
        };
      case 4: // strings that are not names of anything
        return new String[] {
          path,
          pick(
              random,
              "\"\"",
              "\" \"",
              "\"null\"",
              "\"" + "x".repeat(10_000) + "\"",
              "\"caf\u00e9 \u2603\"",
              "\"a\\nb\"",
              "\"../../etc\"",
              "\"DANN\"")
        };
      case 5: // a method with another method's section
        return new String[] {
          "method",
          pick(
              random,
              "auto",
              "self-training",
              "dann",
              "coral",
              "meda",
              "reweighting",
              "nearest-neighbor",
              "tca",
              "gbt",
              "jda")
        };
      case 6: // a plausible value: the reference's own default, or the example's
        return new String[] {
          path, reference.hasPath(path) ? render(reference.getValue(path)) : "1"
        };
      default: // another key's default (right type for some, nonsense for the rest)
        String other = paths.get(random.nextInt(paths.size()));
        return new String[] {
          path, reference.hasPath(other) ? render(reference.getValue(other)) : "null"
        };
    }
  }

  private static String render(ConfigValue value) {
    return value.render(ConfigRenderOptions.concise());
  }

  private static String typo(Random random, String path) {
    int at =
        path.lastIndexOf('.')
            + 1
            + random.nextInt(Math.max(1, path.length() - path.lastIndexOf('.') - 1));
    return path.substring(0, at) + path.substring(Math.min(path.length(), at + 1)) + "q";
  }

  private static String otherType(Random random, ConfigValueType type) {
    List<String> values = new ArrayList<>(List.of("\"abc\"", "3", "true", "[1, 2]", "{a = 1}"));
    values.remove(
        switch (type) {
          case STRING -> "\"abc\"";
          case NUMBER -> "3";
          case BOOLEAN -> "true";
          case LIST -> "[1, 2]";
          default -> "{a = 1}";
        });
    return values.get(random.nextInt(values.size()));
  }

  private static String hugeList(Random random) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      items.add(String.valueOf(random.nextInt(100)));
    }
    return "[" + String.join(",", items) + "]";
  }

  private static String pick(Random random, String... values) {
    return values[random.nextInt(values.length)];
  }

  // ---- inputs ----------------------------------------------------------------------------------

  /** About 80 s; the Spark 4 pass of CI leaves it out with the other slow runs. */
  @Test
  @Tag(AdaptJobTest.SLOW)
  void generatedBadInputsAreRefusedWithOneLineNamingTheDomainOrRead() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> findings = new ArrayList<>();
    for (int i = 0; i < INPUT_CASES; i++) {
      Random random = new Random((64_000L + i) * 0x9E3779B97F4A7C15L);
      String domain = random.nextBoolean() ? "source" : "target";
      List<String> lines = rows(random, 2 + random.nextInt(40));
      List<String> mutations = new ArrayList<>();
      byte[] bytes = mutateFile(random, lines, mutations);
      Path file = dir.resolve("case-" + i + ".csv");
      Files.write(file, bytes);
      Path other = dir.resolve("other-" + i + ".csv");
      Files.write(other, rows(new Random(i), 30));
      Path source = domain.equals("source") ? file : other;
      Path target = domain.equals("source") ? other : file;
      List<String> overrides =
          List.of(
              "source.path=\"" + source + "\"",
              "target.path=\"" + target + "\"",
              "method=logistic-regression",
              domain + ".malformed=" + pick(random, "fail", "fail", "drop", "warn"));
      String outcome =
          bounded(
              INPUT_BOUND,
              List.of(domain + " " + mutations),
              () -> {
                JobConfig config = JobConfig.load(EXAMPLE, overrides);
                JobInputs inputs = JobInputs.read(spark, config);
                try {
                  // The rows the fit would read: assembled and scaled as the pipeline does.
                  new Pipeline()
                      .setStages(
                          MethodPipelines.featureStages(config).toArray(new PipelineStage[0]))
                      .fit(inputs.training())
                      .transform(inputs.training())
                      .count();
                } finally {
                  inputs.release();
                }
                return "passed";
              });
      System.out.println(
          "JobFuzzTest input case " + i + " " + domain + " " + mutations + ": " + outcome);
      String finding = judge(outcome, List.of(domain + " " + mutations), List.of(domain));
      if (finding != null) {
        findings.add(finding);
      }
      outcomes.merge(outcome.startsWith("refused") ? "refused" : outcome, 1, Integer::sum);
    }
    System.out.println("JobFuzzTest inputs: " + INPUT_CASES + " cases, " + outcomes);
    assertTrue(findings.isEmpty(), findings.size() + " findings:\n" + String.join("\n", findings));
    assertTrue(outcomes.getOrDefault("refused", 0) > INPUT_CASES / 3, outcomes.toString());
  }

  /** A well-formed csv: two features, a label of two classes, an id. */
  private static List<String> rows(Random random, int n) {
    // x1 first: a byte-order mark would stick to its name.
    List<String> lines = new ArrayList<>(List.of("x1,x2,label,id"));
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      lines.add(
          String.format(
              "%.4f,%.4f,%d,%d",
              random.nextGaussian() + label, random.nextGaussian() - label, label, i));
    }
    return lines;
  }

  /** One to three of the ways a csv goes wrong; their names go into {@code applied}. */
  private static byte[] mutateFile(Random random, List<String> lines, List<String> applied) {
    String newline = "\n";
    String bom = "";
    int n = 1 + random.nextInt(3);
    for (int m = 0; m < n; m++) {
      int row = 1 + random.nextInt(Math.max(1, lines.size() - 1));
      String kind =
          pick(
              random,
              "empty",
              "headerOnly",
              "oneRow",
              "oneClass",
              "text",
              "nan",
              "inf",
              "short",
              "long",
              "duplicateHeader",
              "negativeLabel",
              "fractionalLabel",
              "hugeLabel",
              "stringLabel",
              "constant",
              "bom",
              "crlf",
              "emptyCell",
              "noLabelHeader",
              "blankLines");
      applied.add(kind);
      switch (kind) {
        case "empty" -> lines.clear();
        case "headerOnly" -> lines.subList(Math.min(1, lines.size()), lines.size()).clear();
        case "oneRow" -> lines.subList(Math.min(2, lines.size()), lines.size()).clear();
        case "oneClass" ->
            lines.replaceAll(l -> l.startsWith("x1") ? l : l.replaceAll(",\\d+,(\\d+)$", ",0,$1"));
        case "text" -> cell(lines, row, random.nextInt(2), pick(random, "abc", "1,5", "\"x\""));
        case "nan" -> cell(lines, row, random.nextInt(2), "NaN");
        case "inf" ->
            cell(lines, row, random.nextInt(2), pick(random, "Infinity", "-Infinity", "Inf"));
        case "short" -> {
          if (row < lines.size()) {
            lines.set(row, lines.get(row).replaceAll(",[^,]*$", ""));
          }
        }
        case "long" -> {
          if (row < lines.size()) {
            lines.set(row, lines.get(row) + ",7");
          }
        }
        case "duplicateHeader" -> {
          if (!lines.isEmpty()) {
            lines.set(0, "x1,x1,label,id");
          }
        }
        case "negativeLabel" -> cell(lines, row, 2, "-1");
        case "fractionalLabel" -> cell(lines, row, 2, "0.5");
        case "hugeLabel" ->
            cell(lines, row, 2, pick(random, "1000000000", "99999999999999999999", "1e300"));
        case "stringLabel" -> cell(lines, row, 2, pick(random, "cat", "yes"));
        case "constant" ->
            lines.replaceAll(l -> l.startsWith("x1") ? l : l.replaceFirst("^[^,]*", "1.0"));
        case "bom" -> bom = "\uFEFF";
        case "crlf" -> newline = "\r\n";
        case "emptyCell" -> cell(lines, row, random.nextInt(3), "");
        case "noLabelHeader" -> {
          if (!lines.isEmpty()) {
            lines.set(0, "x1,x2,y,id");
          }
        }
        default -> {
          if (row < lines.size()) {
            lines.add(row, "");
          }
        }
      }
    }
    String text = bom + String.join(newline, lines) + (lines.isEmpty() ? "" : newline);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void cell(List<String> lines, int row, int column, String value) {
    if (row >= lines.size() || row == 0) {
      return;
    }
    String[] cells = lines.get(row).split(",", -1);
    if (column < cells.length) {
      cells[column] = value;
      lines.set(row, String.join(",", cells));
    }
  }

  // ---- both ------------------------------------------------------------------------------------

  /** Runs a case within its bound: "passed", "refused: message" or "crashed: exception". */
  private static String bounded(Duration bound, List<String> what, Supplier<String> work) {
    try {
      return assertTimeoutPreemptively(
          bound,
          () -> {
            try {
              return work.get();
            } catch (JobConfigException | IllegalArgumentException e) {
              return "refused: " + e.getMessage();
            } catch (RuntimeException | Error e) {
              return "crashed: " + e;
            }
          },
          () -> "over " + bound.toSeconds() + " s: " + what);
    } catch (AssertionError e) {
      return "hung: " + e.getMessage();
    }
  }

  /** Null when the outcome is allowed, else the finding. */
  private static String judge(String outcome, List<String> overrides, List<String> names) {
    if (outcome.equals("passed")) {
      return null;
    }
    if (!outcome.startsWith("refused: ")) {
      return outcome + " <- " + overrides;
    }
    String message = outcome.substring("refused: ".length());
    if (message.contains("\n")) {
      return "more than one line: " + message + " <- " + overrides;
    }
    if (message.contains("_spark_da")) {
      return "names an internal column: " + message + " <- " + overrides;
    }
    for (String name : names) {
      if (message.contains(name) || message.contains(name.substring(name.lastIndexOf('.') + 1))) {
        return null;
      }
    }
    return "names none of " + names + ": " + message + " <- " + overrides;
  }
}
