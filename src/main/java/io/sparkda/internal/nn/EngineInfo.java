package io.sparkda.internal.nn;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Describes the tensor engine (once per JVM in the logs): name, version, MKL, threads. */
public final class EngineInfo {
  private static final Logger LOG = LoggerFactory.getLogger(EngineInfo.class);
  private static final AtomicBoolean LOGGED = new AtomicBoolean();

  private EngineInfo() {}

  public static String describe(int threadsPerTask) {
    Engine engine = TorchRuntime.load();
    return String.format(
        "engine=%s version=%s mkl=%s mkldnn=%s openmp=%s threadsPerTask=%d interopThreads=%d "
            + "offline=%s mallocTuned=%s",
        engine.getEngineName(),
        engine.getVersion(),
        engine.hasCapability(StandardCapabilities.MKL),
        engine.hasCapability(StandardCapabilities.MKLDNN),
        engine.hasCapability(StandardCapabilities.OPENMP),
        threadsPerTask,
        JniUtils.getNumInteropThreads(),
        System.getProperty("ai.djl.offline", "false"),
        NativeHeap.keepFreedMemory());
  }

  /** Logs {@link #describe} the first time it is called in this JVM. */
  public static void logOnce(int threadsPerTask) {
    if (LOGGED.compareAndSet(false, true)) {
      LOG.info("spark-da tensor engine: {}", describe(threadsPerTask));
    }
  }
}
