package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Conv, pooling and flatten forward passes against loops written from their definitions (PyTorch's
 * weight layout {@code [filters, channels, k, k]}, row-major images), and their shape arithmetic.
 */
class ConvLayersTest {
  private static final RowShape IMAGE = RowShape.of(2, 6, 5);
  private static final int ROWS = 3;

  @Test
  void convolutionIsTheDefinitionWithStrideAndPadding() {
    Conv2dLayer conv = new Conv2dLayer(4, 3, 2, 1);
    RowShape out = conv.outputShape(IMAGE);
    assertEquals(RowShape.of(4, 3, 3), out);
    int[] sizes = conv.parameterSizes(IMAGE);
    assertArrayEquals(new int[] {4 * 2 * 3 * 3, 4}, sizes);
    Random random = new Random(1);
    float[] x = FiniteDifferences.gaussian(random, ROWS * IMAGE.size());
    float[] w = FiniteDifferences.gaussian(random, sizes[0]);
    float[] b = FiniteDifferences.gaussian(random, sizes[1]);

    float[] expected = new float[ROWS * out.size()];
    int at = 0;
    for (int n = 0; n < ROWS; n++) {
      for (int f = 0; f < 4; f++) {
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            double sum = b[f];
            for (int c = 0; c < 2; c++) {
              for (int u = 0; u < 3; u++) {
                for (int v = 0; v < 3; v++) {
                  int row = i * 2 - 1 + u;
                  int col = j * 2 - 1 + v;
                  if (row >= 0 && row < 6 && col >= 0 && col < 5) {
                    sum += w[((f * 2 + c) * 3 + u) * 3 + v] * x[((n * 2 + c) * 6 + row) * 5 + col];
                  }
                }
              }
            }
            expected[at++] = (float) sum;
          }
        }
      }
    }
    assertArrayEquals(expected, forward(conv, IMAGE, x, w, b), 1e-4f);
  }

  @Test
  void aBatchTooLargeForOneGatherGoesThroughInChunksWithTheSameOutput() {
    RowShape image = RowShape.of(1, 64, 64);
    Conv2dLayer conv = new Conv2dLayer(2, 5, 1, 2);
    int rowValues = 64 * 64 * 25;
    int rows = (int) (Conv2dLayer.MAX_COLUMN_VALUES / rowValues) * 2 + 7;
    Random random = new Random(4);
    float[] x = FiniteDifferences.gaussian(random, rows * image.size());
    float[] w = FiniteDifferences.gaussian(random, 2 * 25);
    float[] b = {0.5f, -0.25f};
    float[] all = forward(conv, image, rows, x, w, b);
    int tail = 10;
    float[] last =
        forward(
            conv, image, tail, Arrays.copyOfRange(x, (rows - tail) * image.size(), x.length), w, b);
    int outRow = 2 * 64 * 64;
    assertArrayEquals(last, Arrays.copyOfRange(all, (rows - tail) * outRow, all.length), 1e-5f);
  }

  @Test
  void poolingTakesTheMaximumOrMeanOfEachWindow() {
    Random random = new Random(2);
    float[] x = FiniteDifferences.gaussian(random, ROWS * IMAGE.size());
    PoolLayer max = new PoolLayer(PoolLayer.Kind.MAX, 2, 2);
    PoolLayer mean = new PoolLayer(PoolLayer.Kind.AVERAGE, 3, 1);
    assertEquals(RowShape.of(2, 3, 2), max.outputShape(IMAGE), "partial windows are dropped");
    assertEquals(RowShape.of(2, 4, 3), mean.outputShape(IMAGE));
    assertArrayEquals(pooled(x, 2, 2, true), forward(max, IMAGE, x), 1e-6f);
    assertArrayEquals(pooled(x, 3, 1, false), forward(mean, IMAGE, x), 1e-5f);
  }

  /** Windows of {@code k} every {@code s} over {@link #IMAGE} rows, by the definition. */
  private static float[] pooled(float[] x, int k, int s, boolean max) {
    int h = (6 - k) / s + 1;
    int w = (5 - k) / s + 1;
    float[] out = new float[ROWS * 2 * h * w];
    int at = 0;
    for (int nc = 0; nc < ROWS * 2; nc++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
              float value = x[(nc * 6 + i * s + u) * 5 + j * s + v];
              acc = max ? Math.max(acc, value) : acc + value / (double) (k * k);
            }
          }
          out[at++] = (float) acc;
        }
      }
    }
    return out;
  }

  @Test
  void flattenKeepsRowMajorOrder() {
    float[] x = FiniteDifferences.gaussian(new Random(3), ROWS * IMAGE.size());
    FlattenLayer flatten = new FlattenLayer();
    assertEquals(RowShape.of(60), flatten.outputShape(IMAGE));
    assertArrayEquals(x, forward(flatten, IMAGE, x), 0f);
  }

  @Test
  void shapesThatDoNotFitNameTheLayerAndTheShape() {
    IllegalArgumentException tooBig =
        assertThrows(
            IllegalArgumentException.class, () -> new Conv2dLayer(8, 7, 1, 0).outputShape(IMAGE));
    assertTrue(tooBig.getMessage().contains("conv(8,7)"), tooBig.getMessage());
    assertTrue(tooBig.getMessage().contains("[2, 6, 5]"), tooBig.getMessage());
    IllegalArgumentException flat =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PoolLayer(PoolLayer.Kind.MAX, 2, 2).outputShape(RowShape.of(30)));
    assertTrue(flat.getMessage().contains("inputShape"), flat.getMessage());
    IllegalArgumentException dense =
        assertThrows(IllegalArgumentException.class, () -> new DenseLayer(4).outputShape(IMAGE));
    assertTrue(dense.getMessage().contains("flatten"), dense.getMessage());
  }

  private static float[] forward(Layer layer, RowShape input, float[] x, float[]... params) {
    return forward(layer, input, ROWS, x, params);
  }

  private static float[] forward(
      Layer layer, RowShape input, int rows, float[] x, float[]... params) {
    try (PointerScope scope = new PointerScope();
        Autograd off = Autograd.inference()) {
      long[] dims = new long[input.rank() + 1];
      dims[0] = rows;
      for (int i = 0; i < input.rank(); i++) {
        dims[i + 1] = input.dim(i);
      }
      long[][] shapes = layer.parameterShapes(input);
      List<Tensor> weights = new ArrayList<>();
      for (int i = 0; i < params.length; i++) {
        weights.add(Tensors.floats(params[i], 0, shapes[i]));
      }
      return Tensors.toFloats(layer.bind(input, weights, false).apply(Tensors.floats(x, 0, dims)));
    }
  }
}
