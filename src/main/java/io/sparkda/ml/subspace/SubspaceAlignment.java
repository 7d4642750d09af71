package io.sparkda.ml.subspace;

import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.persistence.SavedFormat;
import io.sparkda.internal.shallow.AffineMap;
import io.sparkda.internal.shallow.DomainMoments;
import io.sparkda.internal.shallow.SubspaceAlignmentMaps;
import io.sparkda.ml.DomainMapEstimator;
import io.sparkda.ml.DomainMapModel;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Subspace alignment (Fernando, Habrard, Sebban and Tuytelaars, "Unsupervised Visual Domain
 * Adaptation Using Subspace Alignment", ICCV 2013): each domain's top {@code k} principal
 * directions, from covariances computed in one distributed pass, and the linear map that aligns the
 * source's with the target's. Source rows become {@code (x - m_s) P_s P_s^T P_t}, target rows
 * {@code (x - m_t) P_t}: {@code k} features, in the target subspace's coordinates. Label-free.
 *
 * <p>Put it in front of a classifier that trains on the labelled rows (a SelfTrainingClassifier
 * with {@code maxIter = 0}, as for {@link io.sparkda.ml.CoralAlignment}). Principal directions are
 * scale-dependent: standardize features that are on different scales first.
 */
public class SubspaceAlignment
    extends DomainMapEstimator<SubspaceAlignmentModel, SubspaceAlignment> {
  private static final long serialVersionUID = 1L;

  private final IntParam numComponents =
      new IntParam(
          this,
          "numComponents",
          "k, the principal directions kept per domain (>= 1; more than the features means all)",
          ParamChecks.intAtLeast(1));

  public SubspaceAlignment() {
    this(Identifiable.randomUID("subspaceAlignment"));
  }

  public SubspaceAlignment(String uid) {
    super(uid);
    setDefault(numComponents, 20);
  }

  public IntParam numComponents() {
    return numComponents;
  }

  public int getNumComponents() {
    return (Integer) $(numComponents);
  }

  public SubspaceAlignment setNumComponents(int value) {
    return (SubspaceAlignment) set(numComponents, value);
  }

  @Override
  protected String methodName() {
    return "subspace alignment";
  }

  @Override
  protected SubspaceAlignmentModel fitMaps(Dataset<Row> dataset, int numFeatures, int numClasses) {
    int k = components(getNumComponents(), numFeatures);
    DomainMoments moments =
        DomainMoments.of(dataset, getFeaturesCol(), getDomainCol(), numFeatures);
    AffineMap[] maps = SubspaceAlignmentMaps.fit(moments, k);
    return new SubspaceAlignmentModel(
        uid(),
        new DomainMapModel.Maps(
            maps[0].matrix(), maps[0].offset(), maps[1].matrix(), maps[1].offset()));
  }

  public static MLReader<SubspaceAlignment> read() {
    return SavedFormat.paramsReader(SubspaceAlignment.class, SubspaceAlignment::new);
  }

  public static SubspaceAlignment load(String path) {
    return read().load(path);
  }
}
