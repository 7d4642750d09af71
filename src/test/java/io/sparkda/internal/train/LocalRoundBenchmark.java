package io.sparkda.internal.train;

import io.sparkda.internal.nn.Alignment;
import io.sparkda.internal.nn.CsrRows;
import io.sparkda.internal.nn.DenseRows;
import io.sparkda.internal.nn.FeatureExtractorSpec;
import io.sparkda.internal.nn.FeatureRows;
import io.sparkda.internal.nn.NativeOptimizer;
import io.sparkda.internal.nn.NativeThreads;
import io.sparkda.internal.nn.NetworkArchitecture;
import io.sparkda.internal.nn.RowShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * <p>Prints one line per shape: {@code step SHAPE rows_per_s=R steps_per_s=S}, rows counting source
 * and target rows, after a warm-up round. Usage: {@code LocalRoundBenchmark DATASETS_DIR [SHAPE
 * ...]} with shapes amazon, amazon-dense, digits, lenet (default: all four).
 */
public final class LocalRoundBenchmark {
  private static final int BATCH = 64;
  private static final int ROUND_STEPS = 50;

  private LocalRoundBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path data = Path.of(args[0]);
    List<String> shapes =
        args.length > 1
            ? List.of(args).subList(1, args.length)
            : List.of("amazon", "amazon-dense", "digits", "lenet");
    int rounds = Integer.getInteger("bench.rounds", 12);
    NativeThreads.useOnCurrentThread(1);
    for (String shape : shapes) {
      boolean amazon = shape.startsWith("amazon");
      Shard shard =
          amazon
              ? shard(data.resolve("amazon-reviews"), "books_train", "kitchen_train", 5000, shape)
              : shard(data.resolve("mnist-usps"), "mnist", "usps", 256, "digits");
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
      long totalSteps = (long) ROUND_STEPS * (shapeRounds + 1);
      TrainingState state =
          new TrainingState(
              architecture.initialParameters(1),
              new float[config.optimizer.stateSize(architecture.numParameters())]);
      long start = 0;
      for (int round = 0; round <= shapeRounds; round++) {
        if (round == 1) { // round 0 warms up the JIT and libtorch
          start = System.nanoTime();
        }
        RoundPlan plan =
            new RoundPlan(round, (long) round * ROUND_STEPS, ROUND_STEPS, totalSteps, BATCH);
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
    }
  }

  /** Source rows then target rows of a LIBSVM pair, dense or CSR as the shape says. */
  private static Shard shard(Path dir, String source, String target, int width, String shape)
      throws IOException {
    List<int[]> columns = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    long[] sourceLabels = read(dir.resolve(source + ".libsvm"), columns, values);
    long[] targetLabels = read(dir.resolve(target + ".libsvm"), columns, values);
    java.util.Arrays.fill(targetLabels, -1L);
    FeatureRows rows;
    if (shape.equals("amazon")) { // 1.6 % non-zero: featureLayout auto keeps it sparse
      CsrRows.Builder builder = new CsrRows.Builder(width);
      for (int r = 0; r < columns.size(); r++) {
        builder.add(columns.get(r), values.get(r), columns.get(r).length);
      }
      rows = builder.build();
    } else {
      float[] dense = new float[columns.size() * width];
      for (int r = 0; r < columns.size(); r++) {
        for (int j = 0; j < columns.get(r).length; j++) {
          dense[r * width + columns.get(r)[j]] = (float) values.get(r)[j];
        }
      }
      rows = new DenseRows(dense, columns.size(), width);
    }
    return new Shard(rows, sourceLabels, targetLabels);
  }

  private static long[] read(Path file, List<int[]> columns, List<double[]> values)
      throws IOException {
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
