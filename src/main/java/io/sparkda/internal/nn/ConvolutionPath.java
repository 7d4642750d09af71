package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.addmm;
import static org.bytedeco.pytorch.global.torch.conv2d;
import static org.bytedeco.pytorch.global.torch.globalContext;
import static org.bytedeco.pytorch.global.torch.thnn_conv2d;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which kernel runs the conv layers in this JVM, chosen once when libtorch loads by a self-check:
 * libtorch's {@code conv2d} (oneDNN where it applies, the fast path) against its im2col convolution
 * ({@code thnn_conv2d}, PyTorch's {@code slow_conv2d}: im2col then matrix products), forward and
 * input, weight and bias gradients, on a handful of small shapes. On some CPUs oneDNN is wrong: on
 * this project's AMD EPYC (AVX-512) machine 119 of 200 random shapes had wrong outputs or gradients
 * at oneDNN's default and AVX2 instruction sets and none at SSE4.1 (bench/results/log-2026-12.md).
 * Then the im2col kernel runs, and oneDNN is turned off for every other op. The check also holds a
 * matrix product and its gradients (the dense layers') against their definition, and stops the
 * engine if they are wrong, since nothing could train on them.
 *
 * <p>Settings (system properties, on executors through {@code spark.executor.extraJavaOptions}):
 * {@code spark.da.convolution} = auto (default) | onednn | im2col forces a path; {@code
 * spark.da.onednnMaxIsa} (e.g. {@code AVX2}, {@code SSE41}) caps oneDNN's instruction set before it
 * first runs, as the environment variable {@code ONEDNN_MAX_CPU_ISA} does (which wins if set).
 * oneDNN fixes its instruction set at first use, so one JVM checks one set.
 */
public enum ConvolutionPath {
  /** libtorch's conv2d: oneDNN for the shapes where libtorch picks it. */
  ONEDNN("onednn"),
  /** thnn_conv2d: im2col and matrix products (OpenBLAS), in row chunks. */
  IM2COL("im2col");

  static final String PROPERTY = "spark.da.convolution";
  static final String ISA_PROPERTY = "spark.da.onednnMaxIsa";
  static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
  private static final Logger LOG = LoggerFactory.getLogger(ConvolutionPath.class);

  /** Largest relative error that still counts as the same result (float32 sums in any order). */
  private static final double TOLERANCE = 1e-3;

  /**
   * Rows, channels, filters, kernel, stride, padding, height = width. LeNet's two convs, a 1x1
   * stride-2 conv, and shapes that oneDNN got wrong on this project's machine.
   */
  private static final int[][] CHECK_SHAPES = {
    {4, 1, 20, 5, 1, 2, 16},
    {8, 20, 50, 5, 1, 2, 8},
    {3, 8, 16, 1, 2, 0, 6},
    {5, 5, 6, 5, 1, 1, 9},
    {4, 23, 2, 4, 2, 0, 14},
    {3, 32, 39, 2, 1, 0, 12},
  };

  private static volatile ConvolutionPath selected;
  private static volatile String reason = "not checked yet";

  private final String paramValue;

  ConvolutionPath(String paramValue) {
    this.paramValue = paramValue;
  }

  /** The path for this JVM ({@link TorchRuntime#load} chooses it). */
  public static ConvolutionPath current() {
    TorchRuntime.load();
    return selected;
  }

  /** The path and why it was chosen, for the engine's log line. */
  static String describe() {
    return current().paramValue + " (" + reason + ")";
  }

  /**
   * Sets {@code ONEDNN_MAX_CPU_ISA} from {@code spark.da.onednnMaxIsa}, unless the variable is set;
   * oneDNN reads it once, when it first runs.
   */
  static void capOneDnnIsa() {
    String cap = System.getProperty(ISA_PROPERTY, "").trim();
    LibC.Functions libc = LibC.get();
    if (!cap.isEmpty() && libc != null && libc.getenv(ISA_VARIABLE) == null) {
      libc.setenv(ISA_VARIABLE, cap.toUpperCase(Locale.ROOT), 0);
    }
  }

  private static String isa() {
    LibC.Functions libc = LibC.get();
    String value = libc == null ? System.getenv(ISA_VARIABLE) : libc.getenv(ISA_VARIABLE);
    return value == null ? "default" : value;
  }

  /** Runs the self-check and sets the path; called once, by {@link TorchRuntime#load}. */
  static void select() {
    String forced = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    if (!List.of("auto", ONEDNN.paramValue, IM2COL.paramValue).contains(forced)) {
      throw new IllegalArgumentException(
          PROPERTY
              + "="
              + forced
              + ": use auto, "
              + ONEDNN.paramValue
              + " or "
              + IM2COL.paramValue);
    }
    long start = System.nanoTime();
    int wrong = 0;
    try (PointerScope scope = new PointerScope();
        Autograd recording = Autograd.recording()) {
      checkMatrixProduct();
      for (int[] shape : CHECK_SHAPES) {
        wrong += agrees(shape) ? 0 : 1;
      }
    }
    String check =
        String.format(
            Locale.ROOT,
            "libtorch's conv2d %s the im2col kernel on %s of %d check shapes at oneDNN ISA %s, "
                + "%.0f ms",
            wrong == 0 ? "matched" : "differed from",
            wrong == 0 ? "all" : String.valueOf(wrong),
            CHECK_SHAPES.length,
            isa(),
            (System.nanoTime() - start) / 1e6);
    if (forced.equals("auto")) {
      selected = wrong > 0 ? IM2COL : ONEDNN;
      reason = check;
    } else {
      selected = forced.equals(ONEDNN.paramValue) ? ONEDNN : IM2COL;
      reason = "forced by " + PROPERTY + "; " + check;
      if (selected == ONEDNN && wrong > 0) {
        LOG.warn("spark-da: {}=onednn, but {}", PROPERTY, check);
      }
    }
    if (selected == IM2COL) {
      // Wrong convolutions suggest wrong oneDNN kernels elsewhere too; libtorch's CPU kernels and
      // OpenBLAS do everything spark-da needs.
      globalContext().setUserEnabledMkldnn(false);
    }
  }

  /**
   * Whether libtorch's conv2d and the im2col kernel give the same output and gradients for {@code
   * shape} (rows, channels, filters, kernel, stride, padding, size).
   */
  static boolean agrees(int[] shape) {
    int n = shape[0];
    int c = shape[1];
    int f = shape[2];
    int k = shape[3];
    int stride = shape[4];
    int padding = shape[5];
    int hw = shape[6];
    Random random = new Random(31L * n + f);
    float[] x = gaussian(random, n * c * hw * hw);
    float[] w = gaussian(random, f * c * k * k);
    float[] b = gaussian(random, f);
    Tensor[] fast = convolve(ONEDNN, x, w, b, new long[] {n, c, hw, hw}, f, k, stride, padding);
    Tensor[] slow = convolve(IM2COL, x, w, b, new long[] {n, c, hw, hw}, f, k, stride, padding);
    for (int i = 0; i < fast.length; i++) {
      if (!(relativeError(fast[i], slow[i]) <= TOLERANCE)) { // NaN fails too
        return false;
      }
    }
    return true;
  }

  /** Output and the input, weight and bias gradients of sum(output * g), g fixed. */
  private static Tensor[] convolve(
      ConvolutionPath path,
      float[] xs,
      float[] ws,
      float[] bs,
      long[] shape,
      int filters,
      int k,
      int stride,
      int padding) {
    Tensor x = Tensors.floats(xs, 0, shape).set_requires_grad(true);
    Tensor w = Tensors.floats(ws, 0, filters, shape[1], k, k).set_requires_grad(true);
    Tensor b = Tensors.floats(bs, 0, filters).set_requires_grad(true);
    Tensor y = path.apply(x, w, b, k, stride, padding);
    Tensor g = Tensors.floats(gaussian(new Random(5), (int) y.numel()), 0, Tensors.shape(y));
    Autograd.backward(y.mul(g).sum());
    return new Tensor[] {y, x.grad(), w.grad(), b.grad()};
  }

  /**
   * Stops the engine if libtorch's matrix product (the dense layers': {@code x W + b}, and its
   * gradients {@code g W^T}, {@code x^T g} and the column sums of {@code g}) is not the definition.
   */
  private static void checkMatrixProduct() {
    Random random = new Random(3);
    int n = 7;
    int in = 33;
    int out = 17;
    float[] x = gaussian(random, n * in);
    float[] w = gaussian(random, in * out);
    float[] b = gaussian(random, out);
    float[] g = gaussian(random, n * out);
    Tensor xt = Tensors.floats(x, 0, n, in).set_requires_grad(true);
    Tensor wt = Tensors.floats(w, 0, in, out).set_requires_grad(true);
    Tensor bt = Tensors.floats(b, 0, out).set_requires_grad(true);
    Tensor y = addmm(bt, xt, wt);
    Autograd.backward(y.mul(Tensors.floats(g, 0, n, out)).sum());
    double[] expectedY = new double[n * out];
    double[] expectedX = new double[n * in];
    double[] expectedW = new double[in * out];
    double[] expectedB = new double[out];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < out; j++) {
        double sum = b[j];
        for (int i = 0; i < in; i++) {
          sum += (double) x[r * in + i] * w[i * out + j];
          expectedX[r * in + i] += (double) g[r * out + j] * w[i * out + j];
          expectedW[i * out + j] += (double) x[r * in + i] * g[r * out + j];
        }
        expectedY[r * out + j] = sum;
        expectedB[j] += g[r * out + j];
      }
    }
    String[] names = {"product", "input gradient", "weight gradient", "bias gradient"};
    Tensor[] got = {y, xt.grad(), wt.grad(), bt.grad()};
    double[][] expected = {expectedY, expectedX, expectedW, expectedB};
    for (int k = 0; k < names.length; k++) {
      float[] values = Tensors.toFloats(got[k]);
      double worst = 0;
      double scale = 1e-6;
      for (int i = 0; i < values.length; i++) {
        worst = Math.max(worst, Math.abs(expected[k][i] - values[i]));
        scale = Math.max(scale, Math.abs(expected[k][i]));
      }
      if (!(worst <= TOLERANCE * scale)) {
        throw new IllegalStateException(
            "libtorch's matrix "
                + names[k]
                + " is wrong on this CPU (error "
                + worst
                + " of "
                + scale
                + ", BLAS: "
                + OpenBlas.describe()
                + "): set OPENBLAS_CORETYPE to an older core (e.g. Haswell) for the executors");
      }
    }
  }

  private static double relativeError(Tensor got, Tensor expected) {
    double scale = expected.abs().max().item_double();
    return got.sub(expected).abs().max().item_double() / Math.max(scale, 1e-6);
  }

  private static float[] gaussian(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }

  /**
   * {@code x [rows, channels, h, w]} convolved with {@code weight [filters, channels, k, k]} plus
   * {@code bias [filters]}, square kernel, the same stride and zero padding on both axes; recorded
   * for backward when grad mode is on.
   */
  Tensor apply(Tensor x, Tensor weight, Tensor bias, int kernel, int stride, int padding) {
    long[] strides = {stride, stride};
    long[] paddings = {padding, padding};
    if (this == ONEDNN) {
      return conv2d(x, weight, new TensorOptional(bias), strides, paddings, new long[] {1, 1}, 1);
    }
    return thnn_conv2d(
        x, weight, new long[] {kernel, kernel}, new TensorOptional(bias), strides, paddings);
  }
}
