package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class AutogradTest {

  @Test
  void scopesRestoreThePreviousGradModeOfTheThread() {
    try (Autograd off = Autograd.inference()) {
      assertFalse(Autograd.isRecording());
      try (Autograd on = Autograd.recording()) {
        assertTrue(Autograd.isRecording());
      }
      assertFalse(Autograd.isRecording());
    }
  }

  /**
   * Two threads record and back-propagate at the same time, as two Spark tasks in one executor do;
   * with DJL's GradientCollector, the second failed. Each must get its own exact gradient.
   */
  @Test
  void threadsRecordConcurrentlyWithIndependentGradients() throws Exception {
    int threads = 2;
    int rounds = 200;
    CyclicBarrier barrier = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final float scale = t + 2f;
        results.add(
            pool.submit(
                () -> {
                  barrier.await();
                  for (int r = 0; r < rounds; r++) {
                    try (PointerScope scope = new PointerScope();
                        Autograd recording = Autograd.recording()) {
                      Tensor x = Tensors.floats(new float[] {1f, 2f, 3f}, 0, 3);
                      x.set_requires_grad(true);
                      // d/dx sum(scale * x^2) = 2 * scale * x
                      Autograd.backward(x.mul(x).mul(new Scalar(scale)).sum());
                      assertArrayEquals(
                          new float[] {2 * scale, 4 * scale, 6 * scale},
                          Tensors.toFloats(x.grad()),
                          1e-6f);
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nativeThreadCountIsSetPerThread() throws Exception {
    NativeThreads.useOnCurrentThread(1);
    assertTrue(NativeThreads.currentThreadCount() == 1);
    assertTrue(OpenBlas.useThreadsOnCurrentThread(1), EngineInfo.describe(1));
  }
}
