package io.sparkda.internal.shallow;

/**
 * Subspace alignment (Fernando, Habrard, Sebban and Tuytelaars, ICCV 2013): each domain's top
 * {@code k} principal directions ({@code P_s}, {@code P_t}, {@code d x k}) from its covariance, and
 * the alignment {@code M = P_s^T P_t}. Source rows map to {@code (x - m_s) P_s M}, target rows to
 * {@code (x - m_t) P_t}: both land in the target's subspace, in its coordinates.
 */
public final class SubspaceAlignmentMaps {
  private SubspaceAlignmentMaps() {}

  /** The source map, then the target map. */
  public static AffineMap[] fit(DomainMoments moments, int k) {
    int d = moments.numFeatures();
    double[] sourceBasis = SymmetricMatrices.largestEigenvectors(moments.covariance(0), d, k);
    double[] targetBasis = SymmetricMatrices.largestEigenvectors(moments.covariance(1), d, k);
    double[] alignment = SymmetricMatrices.multiply(sourceBasis, targetBasis, k, d, k, true, false);
    double[] sourceMap = SymmetricMatrices.multiply(sourceBasis, alignment, d, k, k, false, false);
    return new AffineMap[] {
      AffineMap.centred(sourceMap, d, k, moments.mean(0)),
      AffineMap.centred(targetBasis, d, k, moments.mean(1))
    };
  }
}
