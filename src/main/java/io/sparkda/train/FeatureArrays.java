package io.sparkda.train;

import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/** Copies Spark vectors into dense float arrays, the layout the network consumes. */
public final class FeatureArrays {
  private FeatureArrays() {}

  public static float[] toFloats(Vector vector, int numFeatures) {
    float[] out = new float[numFeatures];
    copyInto(vector, out, 0);
    return out;
  }

  /** Writes {@code vector} densely into {@code out} starting at {@code offset}. */
  public static void copyInto(Vector vector, float[] out, int offset) {
    if (vector instanceof SparseVector) {
      SparseVector sparse = (SparseVector) vector;
      java.util.Arrays.fill(out, offset, offset + sparse.size(), 0f);
      int[] indices = sparse.indices();
      double[] values = sparse.values();
      for (int i = 0; i < indices.length; i++) {
        out[offset + indices[i]] = (float) values[i];
      }
    } else {
      double[] values = vector.toArray();
      for (int i = 0; i < values.length; i++) {
        out[offset + i] = (float) values[i];
      }
    }
  }
}
