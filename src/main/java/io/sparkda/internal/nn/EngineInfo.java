package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.get_num_interop_threads;
import static org.bytedeco.pytorch.global.torch.show_config;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes the tensor engine (once per JVM in the logs): libtorch's version, the binding, the
 * BLAS, the convolution path and why, threads, and the memory settings.
 */
public final class EngineInfo {
  private static final Logger LOG = LoggerFactory.getLogger(EngineInfo.class);
  private static final AtomicBoolean LOGGED = new AtomicBoolean();
  private static final Pattern VERSION = Pattern.compile("TORCH_VERSION=([0-9.]+)");

  private EngineInfo() {}

  /** libtorch's version, as its build configuration states it. */
  public static String libtorchVersion() {
    TorchRuntime.load();
    Matcher m = VERSION.matcher(show_config().getString());
    return m.find() ? m.group(1) : "unknown";
  }

  /** The JavaCPP presets' version (the binding), from the jar's manifest or Maven properties. */
  public static String bindingVersion() {
    try {
      String version = Loader.getVersion("org.bytedeco", "pytorch");
      return version == null ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }

  public static String describe(int threadsPerTask) {
    TorchRuntime.load();
    return String.format(
        "engine=libtorch version=%s binding=javacpp-pytorch %s blas=\"%s\" blasThreads=%s "
            + "convolution=%s openmp=%s threadsPerTask=%d interopThreads=%d maxPhysicalBytes=%d "
            + "mallocTuned=%s",
        libtorchVersion(),
        bindingVersion(),
        OpenBlas.describe(),
        OpenBlas.threading(),
        ConvolutionPath.describe(),
        Context.hasOpenMP(),
        threadsPerTask,
        get_num_interop_threads(),
        Pointer.maxPhysicalBytes(),
        NativeHeap.keepFreedMemory());
  }

  /** Logs {@link #describe} the first time it is called in this JVM. */
  public static void logOnce(int threadsPerTask) {
    if (LOGGED.compareAndSet(false, true)) {
      LOG.info("spark-da tensor engine: {}", describe(threadsPerTask));
    }
  }
}
