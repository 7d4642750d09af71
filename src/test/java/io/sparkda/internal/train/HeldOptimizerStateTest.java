package io.sparkda.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

class HeldOptimizerStateTest {
  private static final ClassTag<HeldOptimizerState> TAG =
      ClassTag$.MODULE$.apply(HeldOptimizerState.class);

  @Test
  void aRoundWritesIntoTheHoldersOwnArrayAndHasNoStateWhileItWrites() {
    HeldOptimizerState held = new HeldOptimizerState(4);
    float[] zeros = held.after(-1);
    assertArrayEquals(new float[4], zeros, "a new holder has the zeros before the first round");
    float[] written =
        held.write(
            0,
            4,
            true,
            state -> {
              assertNull(held.after(-1), "no state while a round writes");
              Arrays.fill(state, 2f);
            });
    assertSame(zeros, written, "no second array");
    assertArrayEquals(new float[] {2, 2, 2, 2}, held.after(0));

    float[] other = held.write(1, 6, false, state -> Arrays.fill(state, 3f));
    assertNotSame(zeros, other, "a state of another size gets its own array");
    assertArrayEquals(new float[] {2, 2, 2, 2}, held.after(0), "and leaves the held one");

    float[] returned = held.write(1, 4, false, state -> Arrays.fill(state, 4f));
    assertSame(zeros, returned);
    assertNull(held.after(0), "a task retried after a returned state was written finds none");
    assertNull(held.after(1));
    assertNull(new HeldOptimizerState(0).after(-1), "a holder of no floats holds no state");
  }

  @Test
  void javaSerializationWaitsForAWriteInProgress() {
    serializationWaitsForAWriteInProgress(InjectedFaults::serializedCopy);
  }

  @Test
  void kryoSerializationWaitsForAWriteInProgress() {
    SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
    serializationWaitsForAWriteInProgress(
        held -> {
          ByteBuffer bytes = kryo.serialize(held, TAG);
          return kryo.deserialize(bytes, TAG);
        });
  }

  /**
   * A copy serialized while a round writes (a speculative task reading the block) waits for the
   * write and has the written state whole; without the lock it would see a half-written array.
   */
  private static void serializationWaitsForAWriteInProgress(
      UnaryOperator<HeldOptimizerState> copyOf) {
    HeldOptimizerState held = new HeldOptimizerState(1000);
    held.write(0, 1000, true, state -> Arrays.fill(state, 1f));
    AtomicReference<HeldOptimizerState> copy = new AtomicReference<>();
    Thread reader = new Thread(() -> copy.set(copyOf.apply(held)));
    held.write(
        1,
        1000,
        true,
        state -> {
          Arrays.fill(state, 0, 500, 2f);
          reader.start();
          long deadline = System.nanoTime() + 30_000_000_000L;
          while (reader.getState() != Thread.State.BLOCKED) {
            if (!reader.isAlive()) {
              fail("the state was serialized while half-written");
            }
            if (System.nanoTime() > deadline) {
              fail("the reader neither blocked nor finished: " + reader.getState());
            }
            Thread.onSpinWait();
          }
          Arrays.fill(state, 500, 1000, 2f);
        });
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted");
    }
    float[] copied = copy.get().after(1);
    assertTrue(copied != null, "the copy has round 1's state");
    float[] expected = new float[1000];
    Arrays.fill(expected, 2f);
    assertArrayEquals(expected, copied);
    assertFalse(copy.get().cachedHere(), "a copy is not the executor's own holder");
    assertEquals(null, copy.get().after(0));
  }
}
