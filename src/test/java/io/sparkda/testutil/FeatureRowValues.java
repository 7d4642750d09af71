package io.sparkda.testutil;

import io.sparkda.internal.nn.FeatureRows;
import io.sparkda.internal.nn.Tensors;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;

/**
 * The values of feature rows, dense and row-major, read through libtorch as a network sees them.
 */
public final class FeatureRowValues {
  private FeatureRowValues() {}

  public static float[] of(FeatureRows rows) {
    long[] all = new long[rows.rows()];
    Arrays.setAll(all, i -> i);
    try (PointerScope scope = new PointerScope()) {
      return Tensors.toFloats(rows.open().gather(all, 0, all.length).to_dense());
    }
  }
}
