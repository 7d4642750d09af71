package io.sparkda.internal.train;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float arrays in Java serialization as raw bytes, in 1 MiB chunks, for the state a round ships
 * (weights and optimizer state, up to hundreds of MB). Java's own {@code float[]} encoding converts
 * and buffers every element on its own: on a 26M-weight network it was most of Spark's time per
 * round (docs/scaling.md). Same values, bit for bit; null stays null. Weight changes that were
 * rounded to bfloat16 travel as 16 bits each.
 */
final class FloatArrays {
  private static final int CHUNK_FLOATS = 1 << 18;

  private FloatArrays() {}

  static void write(ObjectOutput out, float[] values) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    byte[] chunk = new byte[Float.BYTES * Math.min(values.length, CHUNK_FLOATS)];
    ByteBuffer bytes = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
      int n = Math.min(CHUNK_FLOATS, values.length - start);
      bytes.clear();
      bytes.asFloatBuffer().put(values, start, n);
      out.write(chunk, 0, Float.BYTES * n);
    }
  }

  static float[] read(ObjectInput in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    float[] values = new float[length];
    byte[] chunk = new byte[Float.BYTES * Math.min(length, CHUNK_FLOATS)];
    ByteBuffer bytes = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < length; start += CHUNK_FLOATS) {
      int n = Math.min(CHUNK_FLOATS, length - start);
      in.readFully(chunk, 0, Float.BYTES * n);
      bytes.clear();
      bytes.asFloatBuffer().get(values, start, n);
    }
    return values;
  }

  /**
   * Writes values that are bfloat16 numbers (the low 16 bits of each float zero, as {@link
   * #roundToBfloat16} leaves them) as their high 16 bits: half the bytes, the same values.
   */
  static void writeBfloat16(ObjectOutput out, float[] values) throws IOException {
    out.writeInt(values.length);
    byte[] chunk = new byte[Short.BYTES * Math.min(values.length, CHUNK_FLOATS)];
    ByteBuffer bytes = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
      int n = Math.min(CHUNK_FLOATS, values.length - start);
      bytes.clear();
      for (int i = start; i < start + n; i++) {
        bytes.putShort((short) (Float.floatToRawIntBits(values[i]) >>> 16));
      }
      out.write(chunk, 0, Short.BYTES * n);
    }
  }

  static float[] readBfloat16(ObjectInput in) throws IOException {
    int length = in.readInt();
    float[] values = new float[length];
    byte[] chunk = new byte[Short.BYTES * Math.min(length, CHUNK_FLOATS)];
    ByteBuffer bytes = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < length; start += CHUNK_FLOATS) {
      int n = Math.min(CHUNK_FLOATS, length - start);
      in.readFully(chunk, 0, Short.BYTES * n);
      bytes.clear();
      for (int i = start; i < start + n; i++) {
        values[i] = Float.intBitsToFloat(bytes.getShort() << 16);
      }
    }
    return values;
  }

  /** {@code value} rounded to the nearest bfloat16 (ties to even), as a float. */
  static float roundToBfloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
    return Float.intBitsToFloat(rounded & 0xFFFF0000);
  }
}
