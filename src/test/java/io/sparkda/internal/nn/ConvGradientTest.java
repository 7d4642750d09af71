package io.sparkda.internal.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Conv, pooling and flatten layers stacked three and more deep: the analytic gradient of a training
 * step against finite differences, for every alignment. The first conv attempt failed this once two
 * conv layers were stacked, with gradients that changed between runs. Re-run after the scalar
 * operand fix, it still failed: libtorch's own conv2d gives wrong input gradients here (oneDNN's
 * AVX2 / AVX-512 backward, docs/djl-bug/conv-backward.md), which only a conv after the first one
 * needs. {@link Conv2dLayer} therefore runs libtorch's im2col convolution ({@link SlowConv2d}).
 */
class ConvGradientTest {
  /**
   * conv, max pool with overlapping windows, padded conv, average pool, dense: 7x7 to 16 values.
   */
  static final NetworkArchitecture CONV_POOL_CONV_POOL_DENSE =
      new NetworkArchitecture(
          RowShape.of(2, 7, 7),
          FeatureExtractorSpec.parse("conv(3,3)-maxpool(2,1)-conv(4,2,1,1)-avgpool(2)-dense(5)"),
          3,
          new int[] {4});

  /** Three convs in a row (padded, plain, strided), then pooling into a flat embedding. */
  static final NetworkArchitecture THREE_CONVS =
      new NetworkArchitecture(
          RowShape.of(1, 7, 7),
          FeatureExtractorSpec.parse("conv(3,3,1,1)-conv(3,3)-conv(2,3,2)-maxpool(2)"),
          2,
          new int[] {3});

  /**
   * Not MMD: its kernel bandwidths come from the batch's median distance as constants, which finite
   * differences move and the analytic gradient, by design, does not.
   */
  @ParameterizedTest
  @EnumSource(
      value = Alignment.class,
      names = {"ADVERSARIAL", "CORAL", "NONE"})
  void convPoolStackMatchesFiniteDifferences(Alignment alignment) {
    FiniteDifferences.check(CONV_POOL_CONV_POOL_DENSE, 21, alignment, null);
  }

  @ParameterizedTest
  @EnumSource(
      value = Alignment.class,
      names = {"ADVERSARIAL", "CORAL"})
  void threeStackedConvsMatchFiniteDifferences(Alignment alignment) {
    FiniteDifferences.check(THREE_CONVS, 22, alignment, new long[] {1, 0});
  }
}
