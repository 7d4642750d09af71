package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.ml.RoundSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint reads back as written, and one written before rounds recorded their split (version
 * 1) or before the outer optimizer (versions 1-2) still resumes.
 */
class TrainingCheckpointTest {
  private static final float[] PARAMS = {0.5f, -1.25f, 3f};
  private static final float[] MOMENTS = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
  private static final float[] OUTER_MOMENTUM = {-0.01f, 0.02f, 0.03f};

  @Test
  void readsBackWhatItWrote() throws IOException {
    RoundSummary round = new RoundSummary(1, 0.7, 0.69, 0.5, 0.1, 0.001, 0.4, 0.3, 12_345L);
    TrainingCheckpoint written =
        new TrainingCheckpoint(
            "fit = a",
            1,
            new TrainingState(PARAMS, MOMENTS),
            OUTER_MOMENTUM,
            List.of(round),
            256,
            0.4);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    written.writeTo(new DataOutputStream(bytes));
    TrainingCheckpoint read = read(bytes.toByteArray());
    RoundSummary back = read.summaries.get(0);
    assertEquals(0.3, back.computeSeconds());
    assertEquals(12_345L, back.shippedBytes());
    assertEquals(0.4, back.seconds());
    assertArrayEquals(PARAMS, read.state.params);
    assertArrayEquals(MOMENTS, read.state.optimizerState);
    assertArrayEquals(OUTER_MOMENTUM, read.outerMomentum);
    assertTrue(read.state.partitionStates.isEmpty());
  }

  /** A checkpoint after a round that did not average holds each partition's optimizer state. */
  @Test
  void readsBackThePartitionsOwnOptimizerStates() throws IOException {
    float[] second = {9f, 8f, 7f, 6f, 5f, 4f};
    TrainingCheckpoint written =
        new TrainingCheckpoint(
            "fit = a",
            3,
            new TrainingState(
                PARAMS, TrainingState.NO_OPTIMIZER_STATE, Map.of(0, MOMENTS, 1, second)),
            OUTER_MOMENTUM,
            List.of(),
            256,
            0.4);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    written.writeTo(new DataOutputStream(bytes));
    TrainingState back = read(bytes.toByteArray()).state;
    assertEquals(0, back.optimizerState.length);
    assertArrayEquals(MOMENTS, back.optimizerStateOf(0));
    assertArrayEquals(second, back.optimizerStateOf(1));
    assertEquals(Set.of(0, 1), back.partitionStates.keySet());
  }

  @Test
  void aVersionOneCheckpointResumesWithoutTheRoundsSplit() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF("spark-da training checkpoint");
    out.writeInt(1);
    byte[] id = "fit = a".getBytes(StandardCharsets.UTF_8);
    out.writeInt(id.length);
    out.write(id);
    out.writeInt(1); // rounds
    out.writeLong(256); // rows seen
    out.writeDouble(0.4); // seconds
    out.writeInt(1); // one summary, seven fields
    out.writeInt(1);
    for (double v : new double[] {0.7, 0.69, 0.5, 0.1, 0.001, 0.4}) {
      out.writeDouble(v);
    }
    writeFloats(out, PARAMS);
    writeFloats(out, MOMENTS);
    TrainingCheckpoint read = read(bytes.toByteArray());
    RoundSummary round = read.summaries.get(0);
    assertEquals(0.69, round.alignmentLoss());
    assertEquals(0.4, round.seconds());
    assertTrue(Double.isNaN(round.computeSeconds()));
    assertEquals(-1L, round.shippedBytes());
    assertArrayEquals(PARAMS, read.state.params);
    assertArrayEquals(MOMENTS, read.state.optimizerState);
    assertEquals(0, read.outerMomentum.length, "plain averaging, which keeps no momentum");
  }

  @Test
  void aNewerVersionIsRefusedNamingTheVersionsThisBuildReads() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF("spark-da training checkpoint");
    out.writeInt(5);
    IOException e = assertThrows(IOException.class, () -> read(bytes.toByteArray()));
    assertTrue(e.getMessage().contains("version 5, this build reads 1-4"), e.getMessage());
  }

  private static TrainingCheckpoint read(byte[] bytes) throws IOException {
    return TrainingCheckpoint.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    for (float v : values) {
      out.writeFloat(v);
    }
  }
}
