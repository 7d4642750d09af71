import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Single-precision matrix products through DJL's libtorch (its MKL sgemm), one thread, at the
 * shapes of LeNet's second conv on 128 rows (its forward, weight-gradient and input-gradient
 * products) and of its dense layer. gemm_rate.py times the same with Debian's PyTorch. Run:
 *   java -Dai.djl.offline=true -cp "$(cat target/runtime-classpath.txt)" bench/GemmRate.java
 * (bin/run-class writes that classpath file).
 */
public class GemmRate {
  public static void main(String[] args) {
    Engine.getInstance();
    JniUtils.setNumThreads(1);
    long[][] shapes = {{8192, 500, 50}, {50, 8192, 500}, {8192, 50, 500}, {128, 800, 500}};
    try (NDManager manager = NDManager.newBaseManager()) {
      for (long[] s : shapes) {
        NDArray a = manager.randomNormal(new Shape(s[0], s[1]));
        NDArray b = manager.randomNormal(new Shape(s[1], s[2]));
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
          long start = System.nanoTime();
          for (int i = 0; i < 20; i++) {
            a.matMul(b).close();
          }
          best = Math.min(best, System.nanoTime() - start);
        }
        double ms = best / 20 / 1e6;
        System.out.printf(
            "libtorch-mkl %dx%d @ %dx%d: %.2f ms, %.0f GFLOP/s%n",
            s[0], s[1], s[1], s[2], ms, 2.0 * s[0] * s[1] * s[2] / ms / 1e6);
      }
    }
  }
}
