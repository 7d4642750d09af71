package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class AlignmentRegistryTest {
  @Test
  void everyParamValueNamesALossWithItsRequirements() throws Exception {
    for (Alignment alignment : Alignment.values()) {
      assertEquals(alignment, Alignment.fromParam(alignment.paramValue()));
      AlignmentLoss loss = alignment.loss();
      assertNotNull(loss);
      assertTrue(loss.minRowsPerDomain() >= 1);
      // Losses travel to executors inside the training config.
      try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
        out.writeObject(loss);
      }
    }
    assertTrue(Alignment.ADVERSARIAL.loss().usesDomainHead());
    assertEquals(2, Alignment.MMD.loss().minRowsPerDomain(), "a kernel mean needs 2 rows");
    assertEquals(2, Alignment.CORAL.loss().minRowsPerDomain(), "a covariance needs 2 rows");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Alignment.fromParam("cdan"));
    assertTrue(e.getMessage().contains("adversarial, mmd, coral, none"), e.getMessage());
  }
}
