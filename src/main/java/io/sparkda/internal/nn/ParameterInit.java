package io.sparkda.internal.nn;

import java.util.Random;

/** Initial weights, seeded: PyTorch's default for Linear layers, U(-1/sqrt(in), 1/sqrt(in)). */
public final class ParameterInit {
  private ParameterInit() {}

  public static float[] initialize(NetworkArchitecture architecture, long seed) {
    float[] params = new float[architecture.numParameters()];
    Random random = new Random(seed);
    for (DenseLayerShape layer : architecture.featureLayers()) {
      fill(params, layer, random);
    }
    fill(params, architecture.labelLayer(), random);
    for (DenseLayerShape layer : architecture.domainLayers()) {
      fill(params, layer, random);
    }
    return params;
  }

  private static void fill(float[] params, DenseLayerShape layer, Random random) {
    float bound = (float) (1.0 / Math.sqrt(layer.in()));
    for (int i = layer.weightOffset(); i < layer.end(); i++) {
      params[i] = (random.nextFloat() * 2f - 1f) * bound;
    }
  }
}
