import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DJL (PyTorch engine): the operand of NDArray.mul(Number) is freed by a GC before backward.
 * Expected gradient of sum(3 * x) is [3, 3, 3]; after a GC between forward and backward it is not.
 * Run: java -cp "$(cat classpath.txt)" NumberOperandFreedBeforeBackward.java [--no-gc]
 */
public class NumberOperandFreedBeforeBackward {
  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.offline", "true");
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray x = manager.create(new float[] {1f, 2f, 3f});
      x.setRequiresGradient(true);
      NDArray loss = x.mul(3f).sum(); // 3f: from_blob over a direct ByteBuffer, closed at once
      // Any GC in the JVM, from any thread, does this; "--no-gc" skips it (the control run).
      List<ByteBuffer> reused = args.length > 0 ? List.of() : collectAndReuseFreedMemory();
      collector.backward(loss);
      float[] gradient = x.getGradient().toFloatArray();
      Reference.reachabilityFence(reused);
      System.out.println("gradient " + Arrays.toString(gradient) + " (expected [3.0, 3.0, 3.0])");
      System.exit(Arrays.equals(gradient, new float[] {3f, 3f, 3f}) ? 0 : 1);
    }
  }

  /** System.gc(), wait for the cleaners of unreachable direct buffers, reallocate small blocks. */
  static List<ByteBuffer> collectAndReuseFreedMemory() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      ReferenceQueue<Object> queue = new ReferenceQueue<>();
      PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
      System.gc();
      queue.remove(10_000);
      Reference.reachabilityFence(sentinel);
      Thread.sleep(20);
    }
    List<ByteBuffer> blocks = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      blocks.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, 12345f));
    }
    return blocks;
  }
}
