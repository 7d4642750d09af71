package io.sparkda.examples;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * {@code bin/bench-scale}'s dense two-domain set: {@value #CLASSES} classes of Gaussian clusters in
 * {@value #FEATURES} dimensions, the target rotated away from the source, a high-dimensional
 * version of the rotated moons.
 *
 * <ul>
 *   <li>class {@code c}'s mean has N(0, {@value #SPREAD}^2) coordinates, drawn once from a fixed
 *       seed (so the classes are the same set whatever the sample's seed);
 *   <li>a row is its class's mean plus N(0, 1) noise in every coordinate; the class is uniform;
 *   <li>even ids are source rows, odd ids target rows; a target row is rotated by {@value
 *       #ANGLE_DEGREES} degrees in every plane of coordinates (2i, 2i + 1), which moves the class
 *       means and leaves the noise as it was.
 * </ul>
 *
 * Row {@code id} is a function of the seed and {@code id} alone, as in {@link ScaleWorkload}.
 */
final class ShiftedGaussians implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int FEATURES = 256;
  static final int CLASSES = 10;
  private static final double SPREAD = 0.15;
  private static final double ANGLE_DEGREES = 45;
  private static final long MEANS_SEED = 29;

  private final double[][] means = new double[CLASSES][FEATURES];

  ShiftedGaussians() {
    SplittableRandom random = new SplittableRandom(MEANS_SEED);
    for (double[] mean : means) {
      for (int i = 0; i < FEATURES; i++) {
        mean[i] = SPREAD * random.nextGaussian();
      }
    }
  }

  /** A copy of the classes' means, before any rotation. */
  double[][] classMeans() {
    return Arrays.stream(means).map(double[]::clone).toArray(double[][]::new);
  }

  /** Row {@code id} (features, label, domain, trueLabel); label null on target rows. */
  Row row(long id, long seed) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
    boolean target = (id & 1) == 1;
    int label = random.nextInt(CLASSES);
    double[] x = new double[FEATURES];
    for (int i = 0; i < FEATURES; i++) {
      x[i] = means[label][i] + random.nextGaussian();
    }
    if (target) {
      double cos = Math.cos(Math.toRadians(ANGLE_DEGREES));
      double sin = Math.sin(Math.toRadians(ANGLE_DEGREES));
      for (int i = 0; i + 1 < FEATURES; i += 2) {
        double a = x[i];
        double b = x[i + 1];
        x[i] = cos * a - sin * b;
        x[i + 1] = sin * a + cos * b;
      }
    }
    return RowFactory.create(
        Vectors.dense(x), target ? null : (double) label, target ? 1.0 : 0.0, (double) label);
  }
}
