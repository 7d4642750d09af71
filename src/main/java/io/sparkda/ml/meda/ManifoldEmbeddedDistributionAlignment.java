package io.sparkda.ml.meda;

import static org.apache.spark.sql.functions.col;

import io.sparkda.data.DomainColumns;
import io.sparkda.internal.data.DomainDataProfile;
import io.sparkda.internal.params.ConstructionUid;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.AdaptationRegularizedLeastSquares;
import io.sparkda.internal.shallow.AffineMap;
import io.sparkda.internal.shallow.DomainMoments;
import io.sparkda.internal.shallow.DriverLinearAlgebra;
import io.sparkda.internal.shallow.GeodesicFlowKernel;
import io.sparkda.internal.shallow.SymmetricMatrices;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manifold embedded distribution alignment (MEDA; Wang, Feng, Chen, Yu, Huang and Yu, ACM MM 2018),
 * by default with a fixed balance {@code mu} (-1 estimates it each round, as the paper does): rows
 * of both domains are mapped into the geodesic flow kernel's manifold features (each domain's
 * {@code dimension} principal directions, from one distributed pass of moments), and a kernel
 * classifier over the rows of both domains is fitted with the labelled rows' squared loss, an MMD
 * penalty on the domains' means and class means (the target's classes from its own predictions,
 * {@code maxIter} rounds) and a nearest-neighbour graph penalty. Target labels are never read;
 * labelled target rows, if any, are fitted like source rows.
 *
 * <p>The classifier's matrices are {@code n x n} on the driver, so at most {@code maxRows} rows
 * (both domains, in proportion, sampled with {@code seed}) take part in it; the model scores any
 * row against those. Needs a native LAPACK on the driver to be quick (see README).
 */
public class ManifoldEmbeddedDistributionAlignment
    extends ProbabilisticClassifier<
        Vector, ManifoldEmbeddedDistributionAlignment, ManifoldEmbeddedDistributionAlignmentModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG =
      LoggerFactory.getLogger(ManifoldEmbeddedDistributionAlignment.class);

  private final String uid;
  private final Param<String> domainCol;
  private final IntParam dimension;
  private final DoubleParam lambda;
  private final DoubleParam rho;
  private final DoubleParam eta;
  private final DoubleParam mu;
  private final IntParam neighbors;
  private final IntParam maxIter;
  private final IntParam maxRows;
  private final LongParam seed;

  public ManifoldEmbeddedDistributionAlignment() {
    this(Identifiable.randomUID("manifoldEmbeddedDistributionAlignment"));
  }

  public ManifoldEmbeddedDistributionAlignment(String uid) {
    this(ConstructionUid.begin(uid), true);
  }

  private ManifoldEmbeddedDistributionAlignment(String uid, boolean constructing) {
    this.uid = uid;
    ConstructionUid.end();
    domainCol =
        new Param<>(
            this,
            "domainCol",
            "domain column: 0 on source rows, 1 on target rows",
            ParamChecks.notNull());
    dimension =
        new IntParam(
            this,
            "dimension",
            "principal directions per domain that span the geodesic flow (>= 1; capped at the "
                + "features); the manifold features have twice as many values",
            ParamChecks.intAtLeast(1));
    lambda =
        new DoubleParam(
            this,
            "lambda",
            "weight of the MMD between the domains' means and class means (>= 0)",
            ParamChecks.doubleAtLeast(0));
    rho =
        new DoubleParam(
            this,
            "rho",
            "weight of the nearest-neighbour graph's smoothness (>= 0; 0 leaves the graph out)",
            ParamChecks.doubleAtLeast(0));
    eta =
        new DoubleParam(
            this, "eta", "ridge on the kernel coefficients (> 0)", ParamChecks.doublePositive());
    mu =
        new DoubleParam(
            this,
            "mu",
            "share of the class-mean MMD against the marginal one, in [0, 1]; -1 estimates it "
                + "each round from proxy A-distances, as MEDA does",
            ParamChecks.of(v -> (Double) v == -1 || ((Double) v >= 0 && (Double) v <= 1)));
    neighbors =
        new IntParam(
            this, "neighbors", "neighbours per row in the graph (>= 1)", ParamChecks.intAtLeast(1));
    maxIter =
        new IntParam(
            this,
            "maxIter",
            "rounds, each refitting with the target's classes as last predicted (>= 1)",
            ParamChecks.intAtLeast(1));
    maxRows =
        new IntParam(
            this,
            "maxRows",
            "rows of both domains the driver's n x n solve takes at most, sampled in proportion "
                + "above it (>= 2; two n x n matrices of doubles, 256 MB at 4,000)",
            ParamChecks.intAtLeast(2));
    seed = new LongParam(this, "seed", "seed of the row sample above maxRows");
    setDefault(domainCol, "domain");
    setDefault(dimension, 20);
    setDefault(lambda, 10.0);
    setDefault(rho, 1.0);
    setDefault(eta, 0.1);
    setDefault(mu, 0.5);
    setDefault(neighbors, 10);
    setDefault(maxIter, 10);
    setDefault(maxRows, 5000);
    setDefault(seed, 0L);
  }

  @Override
  public String uid() {
    return uid != null ? uid : ConstructionUid.pending();
  }

  // ---- Params ----

  public Param<String> domainCol() {
    return domainCol;
  }

  public String getDomainCol() {
    return $(domainCol);
  }

  public ManifoldEmbeddedDistributionAlignment setDomainCol(String value) {
    return (ManifoldEmbeddedDistributionAlignment) set(domainCol, value);
  }

  public IntParam dimension() {
    return dimension;
  }

  public int getDimension() {
    return (Integer) $(dimension);
  }

  public ManifoldEmbeddedDistributionAlignment setDimension(int value) {
    return (ManifoldEmbeddedDistributionAlignment) set(dimension, value);
  }

  public DoubleParam lambda() {
    return lambda;
  }

  public double getLambda() {
    return (Double) $(lambda);
  }

  public ManifoldEmbeddedDistributionAlignment setLambda(double value) {
    return (ManifoldEmbeddedDistributionAlignment) set(lambda, value);
  }

  public DoubleParam rho() {
    return rho;
  }

  public double getRho() {
    return (Double) $(rho);
  }

  public ManifoldEmbeddedDistributionAlignment setRho(double value) {
    return (ManifoldEmbeddedDistributionAlignment) set(rho, value);
  }

  public DoubleParam eta() {
    return eta;
  }

  public double getEta() {
    return (Double) $(eta);
  }

  public ManifoldEmbeddedDistributionAlignment setEta(double value) {
    return (ManifoldEmbeddedDistributionAlignment) set(eta, value);
  }

  public DoubleParam mu() {
    return mu;
  }

  public double getMu() {
    return (Double) $(mu);
  }

  public ManifoldEmbeddedDistributionAlignment setMu(double value) {
    return (ManifoldEmbeddedDistributionAlignment) set(mu, value);
  }

  public IntParam neighbors() {
    return neighbors;
  }

  public int getNeighbors() {
    return (Integer) $(neighbors);
  }

  public ManifoldEmbeddedDistributionAlignment setNeighbors(int value) {
    return (ManifoldEmbeddedDistributionAlignment) set(neighbors, value);
  }

  public IntParam maxIter() {
    return maxIter;
  }

  public int getMaxIter() {
    return (Integer) $(maxIter);
  }

  public ManifoldEmbeddedDistributionAlignment setMaxIter(int value) {
    return (ManifoldEmbeddedDistributionAlignment) set(maxIter, value);
  }

  public IntParam maxRows() {
    return maxRows;
  }

  public int getMaxRows() {
    return (Integer) $(maxRows);
  }

  public ManifoldEmbeddedDistributionAlignment setMaxRows(int value) {
    return (ManifoldEmbeddedDistributionAlignment) set(maxRows, value);
  }

  public LongParam seed() {
    return seed;
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public ManifoldEmbeddedDistributionAlignment setSeed(long value) {
    return (ManifoldEmbeddedDistributionAlignment) set(seed, value);
  }

  // ---- Fitting ----

  @Override
  public ManifoldEmbeddedDistributionAlignmentModel fit(Dataset<?> dataset) {
    checkColumns(dataset.schema());
    return super.fit(dataset);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    checkColumns(schema);
    return super.transformSchema(schema);
  }

  private void checkColumns(StructType schema) {
    DomainColumns.requireFeatures(schema, getFeaturesCol());
    DomainColumns.requireLabel(schema, getLabelCol());
    DomainColumns.requireDomain(schema, getDomainCol());
  }

  @Override
  public ManifoldEmbeddedDistributionAlignmentModel train(Dataset<?> dataset) {
    long start = System.nanoTime();
    Dataset<Row> rows =
        dataset
            .select(
                col(getFeaturesCol()),
                col(getLabelCol()).cast(DataTypes.DoubleType).as(getLabelCol()),
                col(getDomainCol()).cast(DataTypes.DoubleType).as(getDomainCol()))
            .cache();
    try {
      DomainDataProfile profile = DomainDataProfile.of(rows);
      profile.check(getFeaturesCol(), getLabelCol(), getDomainCol());
      profile.requireTwoSourceClasses(getLabelCol());
      DriverLinearAlgebra.reportOnce();
      int d = profile.numFeatures();
      int numClasses = profile.numClasses();
      AffineMap map = manifoldMap(rows, d);
      Dataset<Row> kept = sample(rows, profile.sourceRows() + profile.targetRows());
      List<Row> collected = kept.collectAsList();
      int n = collected.size();
      double[][] features = new double[n][];
      int[] labels = new int[n];
      boolean[] target = new boolean[n];
      for (int i = 0; i < n; i++) {
        Row row = collected.get(i);
        features[i] =
            ManifoldEmbeddedDistributionAlignmentModel.unit(map.apply((Vector) row.get(0)));
        labels[i] = row.isNullAt(1) ? -1 : (int) row.getDouble(1);
        target[i] = row.getDouble(2) == DomainColumns.TARGET;
      }
      AdaptationRegularizedLeastSquares machine =
          new AdaptationRegularizedLeastSquares(
              getLambda(), getRho(), getEta(), getMu(), getNeighbors());
      AdaptationRegularizedLeastSquares.Fit fit =
          machine.fit(
              features,
              labels,
              target,
              numClasses,
              getMaxIter(),
              (round, balance) ->
                  LOG.info(
                      "spark-da MEDA round {}/{} solved (mu {})",
                      round,
                      getMaxIter(),
                      String.format(Locale.ROOT, "%.3f", balance)));
      LOG.info(
          "spark-da MEDA: {} rows of {} features into {} manifold features, {} rows in the "
              + "kernel machine, target rows by predicted class {}, in {} s",
          profile.sourceRows() + profile.targetRows(),
          d,
          map.outputSize(),
          n,
          classCounts(fit.predicted(), target, numClasses),
          Math.round((System.nanoTime() - start) / 1e9));
      return copyValues(
          new ManifoldEmbeddedDistributionAlignmentModel(
              uid, map, features, fit.beta(), numClasses),
          extractParamMap());
    } finally {
      rows.unpersist();
    }
  }

  /** The geodesic flow kernel's map from each domain's principal directions (one pass). */
  private AffineMap manifoldMap(Dataset<Row> rows, int d) {
    DomainMoments moments = DomainMoments.of(rows, getFeaturesCol(), getDomainCol(), d);
    int k = Math.min(getDimension(), d);
    double[] source = SymmetricMatrices.largestEigenvectors(moments.covariance(0), d, k);
    double[] target = SymmetricMatrices.largestEigenvectors(moments.covariance(1), d, k);
    return AffineMap.of(GeodesicFlowKernel.map(source, target, d, k), d, 2 * k, null);
  }

  /** All rows up to maxRows, else a seeded sample of about maxRows in proportion to each domain. */
  private Dataset<Row> sample(Dataset<Row> rows, long total) {
    if (total <= getMaxRows()) {
      return rows;
    }
    double fraction = (double) getMaxRows() / total;
    LOG.info(
        "spark-da MEDA: {} rows above maxRows {}: the kernel machine takes a sample of {}% (seed "
            + "{})",
        total, getMaxRows(), Math.round(fraction * 1000) / 10.0, getSeed());
    return rows.sample(false, fraction, getSeed());
  }

  private static String classCounts(int[] predicted, boolean[] target, int numClasses) {
    long[] counts = new long[numClasses];
    for (int i = 0; i < predicted.length; i++) {
      if (target[i]) {
        counts[predicted[i]]++;
      }
    }
    return Arrays.toString(counts);
  }

  @Override
  public ManifoldEmbeddedDistributionAlignment copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new SavedFormat.Writer<>(this);
  }

  public static MLReader<ManifoldEmbeddedDistributionAlignment> read() {
    return SavedFormat.paramsReader(
        ManifoldEmbeddedDistributionAlignment.class, ManifoldEmbeddedDistributionAlignment::new);
  }

  public static ManifoldEmbeddedDistributionAlignment load(String path) {
    return read().load(path);
  }
}
