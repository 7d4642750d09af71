package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void bfloat16RoundsToNearestEvenAndKeepsSmallAndSpecialValues() {
    // 1 + 2^-8 is halfway between bfloat16's 1 and 1 + 2^-7: ties go to the even mantissa (1).
    assertEquals(1f, FloatArrays.roundToBfloat16(1f + 0x1p-8f));
    assertEquals(1f + 0x1p-7f, FloatArrays.roundToBfloat16(1f + 0x1p-8f + 0x1p-20f));
    assertEquals(1f + 0x1p-6f, FloatArrays.roundToBfloat16(1f + 3 * 0x1p-8f), "tie up to even");
    assertEquals(-0.5f, FloatArrays.roundToBfloat16(-0.5f));
    assertEquals(0f, FloatArrays.roundToBfloat16(0f));
    assertEquals(1e-30f, FloatArrays.roundToBfloat16(1e-30f), 1e-30f / 128);
  }

  /** A weight change rounded to bfloat16 travels as 16 bits a weight and comes back the same. */
  @Test
  void bfloat16ChangesTravelInHalfTheBytesBitwise() throws Exception {
    float[] delta = values((1 << 18) + 5);
    for (int i = 0; i < delta.length; i++) {
      delta[i] = FloatArrays.roundToBfloat16(delta[i] * 1e-3f);
    }
    RoundOutput asFloats = new RoundOutput(delta.clone(), new float[0]);
    RoundOutput asBfloat16 = new RoundOutput(delta.clone(), new float[0]);
    asBfloat16.paramsAreBfloat16Delta = true;
    RoundOutput back = roundTrip(asBfloat16);
    assertTrue(back.paramsAreBfloat16Delta);
    assertBitwise(delta, back.params);
    long saved = serializedSize(asFloats) - serializedSize(asBfloat16);
    // Within 1%: Java serialization frames its block data every 1 KiB.
    assertEquals(2.0 * delta.length, saved, 0.01 * 2 * delta.length, "2 bytes a weight fewer");

    float[] start = values(delta.length);
    back.addStart(start);
    assertTrue(!back.paramsAreBfloat16Delta);
    assertEquals(start[7] + delta[7], back.params[7]);
  }

  private static long serializedSize(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.size();
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
