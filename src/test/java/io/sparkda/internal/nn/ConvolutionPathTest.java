package io.sparkda.internal.nn;

import static org.bytedeco.pytorch.global.torch.globalContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkda.testutil.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The convolution self-check when libtorch loads: what it chose and why, the setting that forces a
 * path, and oneDNN off where it lost. Which path auto picks depends on the CPU (on this project's
 * machine oneDNN is wrong, so im2col), so the forced paths run in fresh JVMs; {@link
 * ConvLayersTest} and {@link ConvGradientTest} hold whichever was chosen to the definition.
 */
class ConvolutionPathTest {

  /** Runs in a child JVM: loads the engine and prints the path and its reason. */
  public static final class Probe {
    public static void main(String[] args) {
      System.out.println("path=" + ConvolutionPath.current());
      System.out.println("describe=" + ConvolutionPath.describe());
      System.out.println("mkldnn=" + globalContext().userEnabledMkldnn());
    }
  }

  @Test
  void theChoiceSaysWhatTheCheckFound() {
    String description = ConvolutionPath.describe();
    assertTrue(description.contains("of 6 check shapes at oneDNN ISA"), description);
    if (ConvolutionPath.current() == ConvolutionPath.IM2COL) {
      assertTrue(description.contains("differed"), description);
      assertFalse(globalContext().userEnabledMkldnn(), "oneDNN off where it was wrong");
    } else {
      assertTrue(description.contains("matched"), description);
    }
  }

  @Test
  void aPropertyForcesEitherPath() throws Exception {
    String im2col = probe("-D" + ConvolutionPath.PROPERTY + "=im2col");
    assertTrue(im2col.contains("path=IM2COL"), im2col);
    assertTrue(im2col.contains("forced by spark.da.convolution"), im2col);
    assertTrue(im2col.contains("mkldnn=false"), im2col);
    String onednn = probe("-D" + ConvolutionPath.PROPERTY + "=OneDNN");
    assertTrue(onednn.contains("path=ONEDNN"), onednn);
    assertTrue(onednn.contains("mkldnn=true"), onednn);
  }

  @Test
  void anUnknownPathIsRefusedNamingTheProperty() throws Exception {
    String out = probe("-D" + ConvolutionPath.PROPERTY + "=fastest");
    assertTrue(out.contains("spark.da.convolution=fastest: use auto, onednn or im2col"), out);
  }

  @Test
  void theIsaCapReachesOneDnnBeforeItRuns() throws Exception {
    // oneDNN's SSE4.1 kernels were right on every CPU tried, its AVX2 and AVX-512 ones not on this
    // project's machine: the check passes only if the cap took effect.
    String out = probe("-D" + ConvolutionPath.ISA_PROPERTY + "=sse41");
    assertTrue(
        out.contains("matched the im2col kernel on all of 6 check shapes at oneDNN ISA SSE41"),
        out);
    assertTrue(out.contains("path=ONEDNN"), out);
  }

  private static String probe(String... options) throws Exception {
    ChildJvm.Result child =
        ChildJvm.run(Probe.class, List.of(options), ConvolutionPath.ISA_VARIABLE);
    assertEquals(child.output().contains("Exception"), child.exitCode() != 0, child.output());
    return child.output();
  }
}
