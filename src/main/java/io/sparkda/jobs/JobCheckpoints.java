package io.sparkda.jobs;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the job's fits checkpoint, one directory per fit ({@value #METHOD} and {@value #BASELINE})
 * under a root of this output's own: {@code .NAME.checkpoints} next to {@code output.dir}, or, with
 * {@code model.checkpointDir} set, a directory there named after the output's whole path, so that
 * jobs sharing one checkpointDir never share checkpoints. They exist to continue a killed run:
 * {@code output.resume = true} keeps them and the fits resume from them; otherwise a run removes
 * what an earlier one left. A run that commits its outputs removes them; a run that fails keeps
 * them for the rerun.
 */
final class JobCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(JobCheckpoints.class);
  static final String METHOD = "method";
  static final String BASELINE = "baseline";
  private static final List<String> FITS = List.of(METHOD, BASELINE);

  private final FileSystem fs;
  private final Path root;

  private JobCheckpoints(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  /**
   * @param output the job's output directory, qualified
   */
  static JobCheckpoints prepare(JobConfig config, Path output, Configuration hadoop) {
    String configured = config.string("model.checkpointDir");
    Path root =
        configured.isEmpty()
            ? new Path(output.getParent(), "." + output.getName() + ".checkpoints")
            : new Path(configured, output.toString().replaceAll("[^A-Za-z0-9.-]+", "_"));
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      JobCheckpoints checkpoints = new JobCheckpoints(fs, fs.makeQualified(root));
      if (config.flag("output.resume")) {
        checkpoints.logWhatResumes();
      } else {
        checkpoints.removeLeftovers();
      }
      return checkpoints;
    } catch (IOException | IllegalArgumentException e) {
      throw new JobConfigException(
          "model.checkpointDir " + root + " cannot be used (" + e.getMessage() + ")", e);
    }
  }

  private void logWhatResumes() throws IOException {
    boolean any = false;
    for (String fit : FITS) {
      Path dir = new Path(root, fit);
      if (fs.exists(dir)) {
        any = true;
        LOG.info(
            "spark-da: output.resume: the {} fit continues from its checkpoints in {}", fit, dir);
      }
    }
    if (!any) {
      LOG.info("spark-da: output.resume: no checkpoints in {}; starting from the beginning", root);
    }
  }

  private void removeLeftovers() throws IOException {
    for (String fit : FITS) {
      Path dir = new Path(root, fit);
      if (fs.exists(dir)) {
        LOG.warn(
            "spark-da: removing {}, checkpoints of an earlier run that did not finish (set "
                + "output.resume = true to continue such a run instead)",
            dir);
        fs.delete(dir, true);
      }
    }
  }

  /**
   * The pipeline with its classifier (its last stage) checkpointing in {@code fit}'s directory. A
   * self-training wrapper takes the directory and hands each round's network fit one of its own.
   */
  Pipeline apply(Pipeline pipeline, String fit) {
    PipelineStage[] stages = pipeline.getStages();
    PipelineStage last = stages[stages.length - 1];
    if (last.hasParam("checkpointDir")) {
      last.set(last.getParam("checkpointDir"), new Path(root, fit).toString());
    }
    return pipeline;
  }

  /**
   * After the outputs are committed: the checkpoints have done their job. A failure to remove them
   * only warns, since the outputs are in place.
   */
  void remove() {
    try {
      for (String fit : FITS) {
        fs.delete(new Path(root, fit), true);
      }
      if (fs.exists(root) && fs.listStatus(root).length == 0) {
        fs.delete(root, false);
      }
    } catch (IOException e) {
      LOG.warn("spark-da: could not remove the checkpoints in {}: {}", root, e.getMessage());
    }
  }
}
