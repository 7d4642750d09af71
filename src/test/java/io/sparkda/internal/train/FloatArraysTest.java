package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The round's state through Java serialization (Spark's broadcast and task results): bitwise. */
class FloatArraysTest {

  @Test
  void trainingStateComesBackBitwiseAcrossChunks() throws Exception {
    float[] params = values((1 << 18) + 3); // more than one chunk
    float[] moments = {Float.NaN, -0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 1e-42f};
    TrainingState back = roundTrip(new TrainingState(params, moments));
    assertNotSame(params, back.params);
    assertBitwise(params, back.params);
    assertBitwise(moments, back.optimizerState);
  }

  @Test
  void roundOutputKeepsItsStateAndMetricsAndNullStaysNull() throws Exception {
    RoundOutput output = new RoundOutput(values(1000), new float[0]);
    output.labelLoss = 0.25;
    output.steps = 50;
    output.partitions = 1;
    RoundOutput back = roundTrip(output);
    assertBitwise(output.params, back.params);
    assertEquals(0, back.optimizerState.length);
    assertEquals(0.25, back.labelLoss);
    assertEquals(50, back.steps);
    RoundOutput withoutState = roundTrip(new RoundOutput(null, null));
    assertNull(withoutState.params);
    assertNull(withoutState.optimizerState);
  }

  private static float[] values(int n) {
    Random random = new Random(7);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static void assertBitwise(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    int[] a = new int[expected.length];
    int[] b = new int[actual.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = Float.floatToRawIntBits(expected[i]);
      b[i] = Float.floatToRawIntBits(actual[i]);
    }
    assertArrayEquals(a, b);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
