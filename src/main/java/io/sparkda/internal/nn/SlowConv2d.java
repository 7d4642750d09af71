package io.sparkda.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * libtorch's im2col-and-matrix-product convolution ({@code aten::thnn_conv2d}, PyTorch's {@code
 * slow_conv2d}) with autograd, for one network's life. Not libtorch's {@code conv2d}: on AVX2 and
 * AVX-512 its oneDNN backward gives wrong input gradients in the libtorch DJL 0.36 ships, and a 1x1
 * stride-2 conv on channels-last rows corrupted the heap (docs/djl-bug/conv-backward.md). DJL has
 * no call for this kernel, so a parameter-free TorchScript module holds it ({@code slow_conv2d.pt},
 * made by {@code src/main/torchscript/make_slow_conv2d.py}).
 */
final class SlowConv2d {
  private static final String RESOURCE = "slow_conv2d.pt";
  private static final byte[] MODULE = readModule();

  private final PtSymbolBlock module;
  private final NDArray geometry;
  private final boolean training;

  /** Loads the kernel into {@code manager}, which closes it, for one kernel, stride and padding. */
  SlowConv2d(NDManager manager, int kernel, int stride, int padding, boolean training) {
    try {
      this.module =
          JniUtils.loadModule(
              (PtNDManager) manager, new ByteArrayInputStream(MODULE), false, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.geometry =
        NativeCopies.longs(manager, new long[] {kernel, stride, padding}, 0, new Shape(3));
    this.training = training;
  }

  /**
   * {@code x [rows, channels, h, w]} convolved with {@code weight [filters, channels, k, k]} plus
   * {@code bias [filters]}; in training, gradients reach all three. The output is owned by {@code
   * x}'s manager.
   */
  NDArray apply(NDArray x, NDArray weight, NDArray bias) {
    return module
        .forward(
            new ParameterStore(x.getManager(), false),
            new NDList(x, weight, bias, geometry),
            training)
        .singletonOrThrow();
  }

  private static byte[] readModule() {
    try (InputStream in = SlowConv2d.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the spark-da jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
