package io.sparkda.internal.train;

import io.sparkda.internal.nn.Alignment;
import io.sparkda.internal.nn.CsrRows;
import io.sparkda.internal.nn.DenseRows;
import io.sparkda.internal.nn.FeatureExtractorSpec;
import io.sparkda.internal.nn.FeatureRows;
import io.sparkda.internal.nn.NativeOptimizer;
import io.sparkda.internal.nn.NativeThreads;
import io.sparkda.internal.nn.NetworkArchitecture;
import io.sparkda.internal.nn.NetworkPredictor;
import io.sparkda.internal.nn.RowShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The engine's step without Spark: rounds of {@link LocalTrainer#run} (gather, forward, backward,
 * finite check, optimizer; the weights in and out once per round) on one shard of a shared dataset
 * pair, with the throughput benchmark's shapes, batch (64 rows per domain), Adam and Ganin
 * schedules, one intra-op thread. Its source uses only what both engines' trees have, so the same
 * file times the DJL step and the libtorch-C++ step from two builds (bin/bench-step-vs-djl): two
 * libtorch versions cannot share one JVM (their libc10.so and libtorch_cpu.so have the same names,
 * and the second to load binds to the first's symbols).
 *
 * <p>Then scoring, as transform does it ({@link #scoringRate}). Prints two lines per shape: {@code
 * step SHAPE rows_per_s=R steps_per_s=S} and {@code infer SHAPE rows_per_s=R}, training rows
 * counting source and target rows, after a warm-up round. Usage: {@code LocalRoundBenchmark
 * DATASETS_DIR [SHAPE ...]} with shapes amazon, amazon-dense, digits, lenet (default: all four).
 */
public final class LocalRoundBenchmark {
  private static final int BATCH = 64;
  private static final int ROUND_STEPS = 50;
  private static final int SCORING_BATCH = 512;

  private LocalRoundBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path data = Path.of(args[0]);
    List<String> shapes =
        args.length > 1
            ? List.of(args).subList(1, args.length)
            : List.of("amazon", "amazon-dense", "digits", "lenet");
    int rounds = Integer.getInteger("bench.rounds", 20);
    int warmup = Integer.getInteger("bench.warmupRounds", 4);
    NativeThreads.useOnCurrentThread(1);
    for (String shape : shapes) {
      boolean amazon = shape.startsWith("amazon");
      Rows rows =
          amazon
              ? Rows.read(data.resolve("amazon-reviews"), "books_train", "kitchen_train", 5000)
              : Rows.read(data.resolve("mnist-usps"), "mnist", "usps", 256);
      boolean sparse = shape.equals("amazon"); // 1.6 % non-zero: featureLayout auto keeps CSR
      Shard shard =
          new Shard(rows.features(0, rows.count(), sparse), rows.sourceLabels, rows.targetLabels());
      NetworkArchitecture architecture =
          amazon
              ? new NetworkArchitecture(5000, new int[] {100}, 2, new int[] {100})
              : shape.equals("lenet")
                  ? new NetworkArchitecture(
                      RowShape.of(1, 16, 16),
                      FeatureExtractorSpec.parse("lenet"),
                      10,
                      new int[] {100})
                  : new NetworkArchitecture(256, new int[] {256, 128}, 10, new int[] {100});
      int shapeRounds = shape.equals("lenet") ? Math.max(3, rounds / 4) : rounds;
      int shapeWarmup = shape.equals("lenet") ? 1 : warmup;
      TrainingConfig config =
          TrainingConfig.builder(architecture)
              .alignment(Alignment.ADVERSARIAL)
              .batchSize(BATCH)
              .optimizer(NativeOptimizer.named(NativeOptimizer.ADAM))
              .learningRate(Schedules.learningRate(Schedules.CONSTANT, 0.001))
              .lambda(Schedules.lambda(Schedules.GANIN, 1.0))
              .localSteps(ROUND_STEPS)
              .threadsPerTask(1)
              .seed(1)
              .build();
      long totalSteps = (long) ROUND_STEPS * (shapeWarmup + shapeRounds);
      TrainingState state =
          new TrainingState(
              architecture.initialParameters(1),
              new float[config.optimizer.stateSize(architecture.numParameters())]);
      long start = 0;
      for (int round = 0; round < shapeWarmup + shapeRounds; round++) {
        if (round == shapeWarmup) { // the first rounds warm up the JIT and libtorch
          start = System.nanoTime();
        }
        RoundPlan plan =
            new RoundPlan(
                round, (long) round * ROUND_STEPS, ROUND_STEPS, totalSteps, BATCH, true, false);
        RoundOutput out = LocalTrainer.run(shard, 0, state, config, plan);
        state = new TrainingState(out.params, out.optimizerState);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long steps = (long) ROUND_STEPS * shapeRounds;
      System.out.printf(
          Locale.ROOT,
          "step %s rows_per_s=%.0f steps_per_s=%.1f%n",
          shape,
          2.0 * BATCH * steps / seconds,
          steps / seconds);
      System.out.printf(
          Locale.ROOT,
          "infer %s rows_per_s=%.0f%n",
          shape,
          scoringRate(new NetworkPredictor(architecture, state.params), rows, sparse));
    }
  }

  /**
   * Rows/s of scoring the target rows (repeated to about 25,000) in batches of 512, as transform
   * does: each batch built from the rows' columns and values (dense floats or CSR), then logits.
   * The second of two passes (the first warms up).
   */
  private static double scoringRate(NetworkPredictor predictor, Rows rows, boolean sparse) {
    int targetStart = rows.sourceLabels.length;
    int targetRows = rows.count() - targetStart;
    int repeats = Math.max(1, 25_000 / targetRows);
    double rate = 0;
    try (NetworkPredictor.Session session = predictor.session()) {
      for (int pass = 0; pass < 2; pass++) {
        long start = System.nanoTime();
        long scored = 0;
        for (int r = 0; r < repeats; r++) {
          for (int from = targetStart; from < rows.count(); from += SCORING_BATCH) {
            int to = Math.min(rows.count(), from + SCORING_BATCH);
            if (sparse) {
              session.predict(rows.features(from, to, true), false);
            } else {
              session.predict(rows.dense(from, to), to - from, false);
            }
            scored += to - from;
          }
        }
        rate = scored / ((System.nanoTime() - start) / 1e9);
      }
    }
    return rate;
  }

  /** The rows of a LIBSVM pair, source then target, as columns and values. */
  private static final class Rows {
    final List<int[]> columns = new ArrayList<>();
    final List<double[]> values = new ArrayList<>();
    final int width;
    long[] sourceLabels;

    private Rows(int width) {
      this.width = width;
    }

    static Rows read(Path dir, String source, String target, int width) throws IOException {
      Rows rows = new Rows(width);
      rows.sourceLabels = rows.append(dir.resolve(source + ".libsvm"));
      rows.append(dir.resolve(target + ".libsvm"));
      return rows;
    }

    int count() {
      return columns.size();
    }

    /** The target rows' labels as a shard holds them: unlabelled. */
    long[] targetLabels() {
      long[] labels = new long[count() - sourceLabels.length];
      Arrays.fill(labels, -1L);
      return labels;
    }

    /** Rows {@code [from, to)}, CSR or dense. */
    FeatureRows features(int from, int to, boolean sparse) {
      if (!sparse) {
        return new DenseRows(dense(from, to), to - from, width);
      }
      CsrRows.Builder builder = new CsrRows.Builder(width);
      for (int r = from; r < to; r++) {
        builder.add(columns.get(r), values.get(r), columns.get(r).length);
      }
      return builder.build();
    }

    /** Rows {@code [from, to)}, dense and row-major. */
    float[] dense(int from, int to) {
      float[] dense = new float[(to - from) * width];
      for (int r = from; r < to; r++) {
        for (int j = 0; j < columns.get(r).length; j++) {
          dense[(r - from) * width + columns.get(r)[j]] = (float) values.get(r)[j];
        }
      }
      return dense;
    }

    private long[] append(Path file) throws IOException {
      List<Long> labels = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.trim().split("\\s+");
        if (parts[0].isEmpty()) {
          continue;
        }
        labels.add((long) Double.parseDouble(parts[0]));
        int[] c = new int[parts.length - 1];
        double[] v = new double[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
          int colon = parts[i].indexOf(':');
          c[i - 1] = Integer.parseInt(parts[i].substring(0, colon)) - 1;
          v[i - 1] = Double.parseDouble(parts[i].substring(colon + 1));
        }
        columns.add(c);
        values.add(v);
      }
      return labels.stream().mapToLong(Long::longValue).toArray();
    }
  }
}
