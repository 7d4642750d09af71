package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.Covariance;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * MMD and CORAL on tensors against the same formulas written out in plain Java doubles, and their
 * input gradients against finite differences of those formulas.
 */
class AlignmentLossTest {
  private static final int NS = 5;
  private static final int NT = 4;
  private static final int D = 3;

  @Test
  void coralMatchesDirectComputation() {
    Random random = new Random(3);
    double[][] s = gaussian(random, NS, D, 0, 1);
    double[][] t = gaussian(random, NT, D, 0.5, 2);
    try (PointerScope scope = new PointerScope()) {
      float loss = CoralLoss.of(array(s), array(t)).item_float();
      assertEquals(directCoral(s, t), loss, 1e-5 * Math.max(1, directCoral(s, t)));
      assertTrue(loss > 0.01, "different spreads give a clear CORAL loss, got " + loss);
    }
  }

  @Test
  void coralGradientMatchesFiniteDifferences() {
    checkGradient((s, t) -> CoralLoss.of(s, t), AlignmentLossTest::directCoral);
  }

  @Test
  void coralRefusesSingleRowBatches() {
    try (PointerScope scope = new PointerScope()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  CoralLoss.of(
                      Tensors.floats(new float[] {1, 2}, 0, 1, 2),
                      Tensors.floats(new float[] {1, 2, 3, 4}, 0, 2, 2)));
      assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
    }
  }

  @Test
  void mmdMatchesDirectComputationWithMedianBandwidths() {
    Random random = new Random(4);
    double[][] s = gaussian(random, NS, D, 0, 1);
    double[][] t = gaussian(random, NT, D, 1.5, 1);
    try (PointerScope scope = new PointerScope()) {
      float loss = MmdLoss.of(array(s), array(t)).item_float();
      double expected = directMmd(s, t, medianSquaredDistance(s, t));
      assertEquals(expected, loss, 1e-5);
      assertTrue(loss > 0.1, "shifted batches give a clear MMD, got " + loss);
      // Identical batches: every kernel mean is the same, so MMD^2 is 0.
      assertEquals(0, MmdLoss.of(array(s), array(s)).item_float(), 1e-5);
    }
  }

  @Test
  void mmdGradientMatchesFiniteDifferencesAtAFixedBandwidth() {
    double median = 2.5;
    checkGradient((s, t) -> MmdLoss.of(s, t, median), (s, t) -> directMmd(s, t, median));
  }

  @Test
  void medianOfOffDiagonalEntriesIgnoresTheDiagonalAndAvoidsZero() {
    float[] matrix = {0, 4, 1, 4, 0, 9, 1, 9, 0};
    assertEquals(4, MmdLoss.medianOffDiagonal(matrix, 3));
    assertEquals(1, MmdLoss.medianOffDiagonal(new float[4], 2));
  }

  @Test
  void classConfusionMatchesDirectComputation() {
    Random random = new Random(5);
    double[][] logits = gaussian(random, 6, 3, 0, 2);
    try (PointerScope scope = new PointerScope()) {
      float loss = ClassConfusionLoss.of(array(logits), 2.5).item_float();
      assertEquals(directConfusion(logits, 2.5, null), loss, 1e-5);
    }
  }

  @Test
  void classConfusionIsSmallerForConfidentDistinctClassesThanForUndecidedRows() {
    double[][] distinct = {{9, 0, 0}, {0, 9, 0}, {0, 0, 9}, {9, 0, 0}};
    double[][] undecided = {{1, 1, 0.9}, {0.9, 1, 1}, {1, 0.9, 1}, {1, 1, 1}};
    try (PointerScope scope = new PointerScope()) {
      float sure = ClassConfusionLoss.of(array(distinct), 2.5).item_float();
      float unsure = ClassConfusionLoss.of(array(undecided), 2.5).item_float();
      assertTrue(sure < 0.25 * unsure, "distinct classes " + sure + ", undecided " + unsure);
    }
  }

  /** The entropy weights are not back-propagated: finite differences hold them at their value. */
  @Test
  void classConfusionGradientMatchesFiniteDifferencesWithTheWeightsHeld() {
    Random random = new Random(6);
    double[][] logits = gaussian(random, 5, 4, 0, 1.5);
    double[] weights = confusionWeights(logits, 2.5);
    float[] gradient;
    try (PointerScope scope = new PointerScope();
        Autograd recording = Autograd.recording()) {
      Tensor x = array(logits);
      x.set_requires_grad(true);
      Autograd.backward(ClassConfusionLoss.of(x, 2.5));
      gradient = Tensors.toFloats(x.grad());
    }
    double eps = 1e-4;
    for (int i = 0; i < logits.length; i++) {
      for (int j = 0; j < logits[0].length; j++) {
        double saved = logits[i][j];
        logits[i][j] = saved + eps;
        double up = directConfusion(logits, 2.5, weights);
        logits[i][j] = saved - eps;
        double down = directConfusion(logits, 2.5, weights);
        logits[i][j] = saved;
        double numeric = (up - down) / (2 * eps);
        assertEquals(
            numeric,
            gradient[i * logits[0].length + j],
            1e-4 + 1e-3 * Math.abs(numeric),
            "d loss / d logit[" + i + "][" + j + "]");
      }
    }
  }

  private static double[][] softmax(double[][] logits, double temperature) {
    double[][] p = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      p[i] = new double[logits[i].length];
      double sum = 0;
      for (int j = 0; j < p[i].length; j++) {
        p[i][j] = Math.exp(logits[i][j] / temperature);
        sum += p[i][j];
      }
      for (int j = 0; j < p[i].length; j++) {
        p[i][j] /= sum;
      }
    }
    return p;
  }

  /** 1 + exp(-entropy) per row, scaled to sum to the row count. */
  private static double[] confusionWeights(double[][] logits, double temperature) {
    double[][] p = softmax(logits, temperature);
    double[] w = new double[p.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double entropy = 0;
      for (double q : p[i]) {
        entropy -= q * Math.log(q + 1e-5);
      }
      w[i] = 1 + Math.exp(-entropy);
      sum += w[i];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] *= p.length / sum;
    }
    return w;
  }

  /** MCC as the paper writes it; {@code weights} null: computed from these logits. */
  static double directConfusion(double[][] logits, double temperature, double[] weights) {
    double[][] p = softmax(logits, temperature);
    double[] w = weights == null ? confusionWeights(logits, temperature) : weights;
    int k = p[0].length;
    double[][] c = new double[k][k];
    for (int i = 0; i < p.length; i++) {
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          c[a][b] += p[i][a] * w[i] * p[i][b];
        }
      }
    }
    double offDiagonal = 0;
    for (int b = 0; b < k; b++) {
      double column = 0;
      for (int a = 0; a < k; a++) {
        column += c[a][b];
      }
      for (int a = 0; a < k; a++) {
        offDiagonal += a == b ? 0 : c[a][b] / column;
      }
    }
    return offDiagonal / k;
  }

  private static void checkGradient(
      BiFunction<Tensor, Tensor, Tensor> loss, BiFunction<double[][], double[][], Double> direct) {
    Random random = new Random(7);
    double[][] s = gaussian(random, NS, D, 0, 1);
    double[][] t = gaussian(random, NT, D, 0.7, 1.5);
    float[] gradient;
    try (PointerScope scope = new PointerScope();
        Autograd recording = Autograd.recording()) {
      Tensor xs = array(s);
      xs.set_requires_grad(true);
      Autograd.backward(loss.apply(xs, array(t)));
      gradient = Tensors.toFloats(xs.grad());
    }
    double eps = 1e-4;
    for (int i = 0; i < NS; i++) {
      for (int j = 0; j < D; j++) {
        double saved = s[i][j];
        s[i][j] = saved + eps;
        double up = direct.apply(s, t);
        s[i][j] = saved - eps;
        double down = direct.apply(s, t);
        s[i][j] = saved;
        double numeric = (up - down) / (2 * eps);
        assertEquals(
            numeric,
            gradient[i * D + j],
            1e-4 + 1e-3 * Math.abs(numeric),
            "d loss / d source[" + i + "][" + j + "]");
      }
    }
  }

  static double directCoral(double[][] s, double[][] t) {
    return Covariance.coralDistance(Covariance.of(s), Covariance.of(t));
  }

  static double directMmd(double[][] s, double[][] t, double median) {
    return meanKernel(s, s, median) + meanKernel(t, t, median) - 2 * meanKernel(s, t, median);
  }

  private static double meanKernel(double[][] a, double[][] b, double median) {
    double sum = 0;
    for (double[] x : a) {
      for (double[] y : b) {
        double distance = squaredDistance(x, y);
        for (double scale : new double[] {0.25, 0.5, 1, 2, 4}) {
          sum += Math.exp(-distance / (median * scale));
        }
      }
    }
    return sum / (a.length * b.length);
  }

  private static double medianSquaredDistance(double[][] s, double[][] t) {
    double[][] all = new double[s.length + t.length][];
    System.arraycopy(s, 0, all, 0, s.length);
    System.arraycopy(t, 0, all, s.length, t.length);
    double[] values = new double[all.length * (all.length - 1)];
    int k = 0;
    for (int i = 0; i < all.length; i++) {
      for (int j = 0; j < all.length; j++) {
        if (i != j) {
          values[k++] = squaredDistance(all[i], all[j]);
        }
      }
    }
    Arrays.sort(values);
    return values[(values.length - 1) / 2];
  }

  private static double squaredDistance(double[] x, double[] y) {
    double sum = 0;
    for (int j = 0; j < x.length; j++) {
      sum += (x[j] - y[j]) * (x[j] - y[j]);
    }
    return sum;
  }

  private static double[][] gaussian(Random random, int rows, int cols, double mean, double sd) {
    double[][] x = new double[rows][cols];
    for (double[] row : x) {
      for (int j = 0; j < cols; j++) {
        row[j] = mean + sd * random.nextGaussian();
      }
    }
    return x;
  }

  private static Tensor array(double[][] x) {
    float[] flat = new float[x.length * x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        flat[i * x[0].length + j] = (float) x[i][j];
      }
    }
    return Tensors.floats(flat, 0, x.length, x[0].length);
  }
}
