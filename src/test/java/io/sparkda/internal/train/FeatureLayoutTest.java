package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.internal.nn.CsrRows;
import io.sparkda.internal.nn.DenseRows;
import io.sparkda.internal.nn.FeatureExtractorSpec;
import io.sparkda.internal.nn.FeatureRows;
import io.sparkda.internal.nn.NetworkArchitecture;
import io.sparkda.internal.nn.RowShape;
import io.sparkda.testutil.FeatureRowValues;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Test;

class FeatureLayoutTest {
  @Test
  void autoGoesSparseAtTenPercentNonZeroOrLess() {
    assertTrue(FeatureLayout.sparse(FeatureLayout.AUTO, 10, 10, 10));
    assertFalse(FeatureLayout.sparse(FeatureLayout.AUTO, 11, 10, 10));
    assertFalse(FeatureLayout.sparse(FeatureLayout.DENSE, 0, 10, 10));
    assertTrue(FeatureLayout.sparse(FeatureLayout.SPARSE, 100, 10, 10));
  }

  @Test
  void scoringGoesSparseForMostlyZeroBatchesIntoADenseFirstLayer() {
    NetworkArchitecture mlp = new NetworkArchitecture(5000, new int[] {100}, 2, new int[] {100});
    assertTrue(FeatureLayout.sparseForScoring(mlp, 78 * 512, 512), "Amazon: 1.6 % non-zero");
    assertFalse(FeatureLayout.sparseForScoring(mlp, 512L * 2500, 512), "half non-zero");
    NetworkArchitecture conv =
        new NetworkArchitecture(
            RowShape.of(1, 50, 100), FeatureExtractorSpec.parse("conv(2,3)"), 2, new int[] {2});
    assertFalse(FeatureLayout.sparseForScoring(conv, 78 * 512, 512), "conv blocks take images");
  }

  @Test
  void denseAndSparseVectorsGiveTheSameRowsInEitherLayout() {
    List<Vector> vectors =
        List.of(
            Vectors.dense(0, 2, 0, -1),
            Vectors.sparse(4, new int[] {1, 3}, new double[] {5, 0}),
            Vectors.sparse(4, new int[0], new double[0]));
    float[] expected = {0, 2, 0, -1, 0, 5, 0, 0, 0, 0, 0, 0};
    FeatureRows dense = FeatureLayout.rows(vectors, 4, false);
    FeatureRows sparse = FeatureLayout.rows(vectors, 4, true);
    assertTrue(dense instanceof DenseRows);
    assertTrue(sparse instanceof CsrRows);
    assertEquals(3, ((CsrRows) sparse).nonZeros(), "the explicit zero is dropped");
    assertArrayEquals(expected, values(dense));
    assertArrayEquals(expected, values(sparse));
    float[] copied = new float[12];
    FeatureLayout.copyRows(vectors, copied);
    assertArrayEquals(expected, copied);
  }

  @Test
  void aBatchOfRowsWithoutNonZerosIsAnEmptySparseTensor() {
    FeatureRows sparse =
        FeatureLayout.rows(
            List.of(
                Vectors.sparse(3, new int[0], new double[0]),
                Vectors.sparse(3, new int[0], new double[0])),
            3,
            true);
    assertArrayEquals(new float[6], values(sparse));
  }

  private static float[] values(FeatureRows rows) {
    return FeatureRowValues.of(rows);
  }
}
