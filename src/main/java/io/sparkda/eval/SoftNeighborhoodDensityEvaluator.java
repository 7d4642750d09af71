package io.sparkda.eval;

import io.sparkda.internal.eval.NeighbourhoodDensity;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * Soft neighbourhood density (SND) of the target predictions: larger is better. Each target row's
 * probability vector is compared with every other's (cosine similarity over a temperature), and the
 * score is the mean entropy of those similarity distributions: high when target predictions form
 * dense, consistent clusters. Computed on the driver over a seeded sample of at most {@code
 * maxRows} target rows (its cost grows with the square of the sample). Label-free.
 *
 * <p>Reference: Saito, Kim, Teterwak, Sclaroff, Darrell and Saenko, "Tune it the right way:
 * unsupervised validation of domain adaptation via soft neighborhood density", ICCV 2021
 * (temperature 0.05 as in the paper).
 */
public final class SoftNeighborhoodDensityEvaluator
    extends DomainAwareEvaluator<SoftNeighborhoodDensityEvaluator> {
  private static final long serialVersionUID = 1L;

  private final DoubleParam temperature;
  private final IntParam maxRows;
  private final LongParam seed;

  public SoftNeighborhoodDensityEvaluator() {
    this(Identifiable.randomUID("softNeighborhoodDensity"));
  }

  public SoftNeighborhoodDensityEvaluator(String uid) {
    super(uid);
    temperature =
        new DoubleParam(
            this,
            "temperature",
            "softmax temperature of the similarities (> 0)",
            ParamChecks.doublePositive());
    maxRows =
        new IntParam(
            this,
            "maxRows",
            "target rows sampled to the driver (>= 2); cost grows with its square",
            ParamChecks.intAtLeast(2));
    seed = new LongParam(this, "seed", "seed of the target sample");
    setDefault(temperature, 0.05);
    setDefault(maxRows, 2000);
    setDefault(seed, 7L);
  }

  public DoubleParam temperature() {
    return temperature;
  }

  public IntParam maxRows() {
    return maxRows;
  }

  public LongParam seed() {
    return seed;
  }

  public double getTemperature() {
    return (Double) $(temperature);
  }

  public int getMaxRows() {
    return (Integer) $(maxRows);
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public SoftNeighborhoodDensityEvaluator setTemperature(double value) {
    return self(set(temperature, value));
  }

  public SoftNeighborhoodDensityEvaluator setMaxRows(int value) {
    return self(set(maxRows, value));
  }

  public SoftNeighborhoodDensityEvaluator setSeed(long value) {
    return self(set(seed, value));
  }

  @Override
  public double evaluate(Dataset<?> dataset) {
    checkSchema(dataset.schema());
    double[][] probabilities =
        Samples.vectors(targetRows(dataset), getProbabilityCol(), getMaxRows(), getSeed());
    return NeighbourhoodDensity.of(probabilities, getTemperature());
  }

  @Override
  public boolean isLargerBetter() {
    return true;
  }

  public static MLReader<SoftNeighborhoodDensityEvaluator> read() {
    return SavedFormat.paramsReader(
        SoftNeighborhoodDensityEvaluator.class, SoftNeighborhoodDensityEvaluator::new);
  }

  public static SoftNeighborhoodDensityEvaluator load(String path) {
    return read().load(path);
  }
}
