package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An executor that only predicts touches JniUtils (thread count) before anything else has loaded
 * libtorch. Checked in a fresh JVM, since in this one other tests have loaded the engine already.
 */
class TorchRuntimeFirstCallTest {

  /** Runs in the child JVM: the very first engine-related call sets the thread count. */
  public static final class Probe {
    public static void main(String[] args) {
      NativeThreads.useOnCurrentThread(1);
      System.out.println("threads=" + NativeThreads.currentThreadCount());
    }
  }

  @Test
  void threadSettingWorksAsTheFirstCallInAJvm() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process process =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), Probe.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(120, TimeUnit.SECONDS);
    assertEquals(0, process.exitValue(), output);
    assertEquals(true, output.contains("threads=1"), output);
  }
}
