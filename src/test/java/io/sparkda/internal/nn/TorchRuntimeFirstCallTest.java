package io.sparkda.internal.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An executor that only predicts sets its thread count ({@link NativeThreads}) before anything else
 * has loaded libtorch. Checked in a fresh JVM, since in this one other tests have loaded the engine
 * already.
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
    ChildJvm.Result child = ChildJvm.run(Probe.class, List.of());
    assertEquals(0, child.exitCode(), child.output());
    assertTrue(child.output().contains("threads=1"), child.output());
  }
}
