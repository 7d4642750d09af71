package io.sparkda.ml;

import io.sparkda.internal.nn.Alignment;
import io.sparkda.internal.nn.FeatureExtractorSpec;
import io.sparkda.internal.nn.NativeOptimizer;
import io.sparkda.internal.nn.TorchScriptLayer;
import io.sparkda.internal.params.ParamChecks;
import io.sparkda.internal.train.FeatureLayout;
import io.sparkda.internal.train.Schedules;
import io.sparkda.internal.train.TrainingConfig;
import java.util.Arrays;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params of DANN, declared once: {@link DannClassifier} and {@link DannClassificationModel}
 * build the ones they share (columns, architecture) from here, so docs and validators cannot drift
 * apart.
 */
final class DannParams {
  private DannParams() {}

  /** The doc of every stage's domainCol. */
  static final String DOMAIN_COL_DOC =
      "domain column (numeric): 0 = source row (labelled), 1 = target row (label null, or a "
          + "class index for the few labelled target rows of semi-supervised adaptation)";

  static Param<String> domainCol(Params owner) {
    return new Param<>(owner, "domainCol", DOMAIN_COL_DOC, ParamChecks.notNull());
  }

  static Param<String> embeddingCol(Params owner) {
    return new Param<>(
        owner,
        "embeddingCol",
        "output column for the feature extractor's output (Vector); empty = not written",
        ParamChecks.notNull());
  }

  static Param<String> alignment(Params owner) {
    return new Param<>(
        owner,
        "alignment",
        "how source and target features are aligned: adversarial (DANN), mmd (multi-kernel MMD, "
            + "DAN), coral (Deep CORAL), mcc (minimum class confusion of the target predictions) "
            + "or none (source only); lambdaMax weighs the alignment",
        ParamChecks.oneOf(Alignment.paramValues()));
  }

  static IntArrayParam hiddenLayers(Params owner) {
    return new IntArrayParam(
        owner,
        "hiddenLayers",
        "sizes of the feature extractor's ReLU layers; the last one is the embedding (>= 1 layer)",
        ParamChecks.layerSizes(1));
  }

  static Param<String> featureExtractor(Params owner) {
    return new Param<>(
        owner,
        "featureExtractor",
        "the feature extractor as blocks joined by '-': conv(filters,kernel[,stride[,padding]]), "
            + "maxpool(window[,stride]), avgpool(window[,stride]), dense(units) (ReLU after conv and "
            + "dense; rows flattened before the first dense), e.g. "
            + "conv(32,5)-maxpool(2)-conv(64,5)-maxpool(2)-dense(256), or the preset lenet; conv "
            + "blocks need inputShape; empty = the MLP of hiddenLayers",
        // A fitted model records a TorchScript extractor as torchscript(file): valid there.
        ParamChecks.<String>of(
            v ->
                v != null
                    && (v.isEmpty()
                        || TorchScriptLayer.isSpec(v)
                        || FeatureExtractorSpec.parse(v) != null)));
  }

  static Param<String> featureExtractorPath(Params owner) {
    return new Param<>(
        owner,
        "featureExtractorPath",
        "a TorchScript file (any Hadoop path) saved from PyTorch with "
            + "torch.jit.script(module).save(path), used as the feature extractor: its forward maps "
            + "rows (shaped by inputShape) to embeddings, its weights start from the file's and are "
            + "trained and averaged with the heads; replaces featureExtractor and hiddenLayers; "
            + "empty = not used",
        ParamChecks.notNull());
  }

  static IntArrayParam inputShape(Params owner) {
    return new IntArrayParam(
        owner,
        "inputShape",
        "shape that each feature vector is read as, row-major: channels, height, width (e.g. 1, 16, "
            + "16 for 256 grey pixels); needed by conv and pool blocks; empty = flat vectors",
        ParamChecks.<int[]>of(
            v -> v.length == 0 || (v.length == 3 && Arrays.stream(v).allMatch(d -> d >= 1))));
  }

  static IntArrayParam domainHiddenLayers(Params owner) {
    return new IntArrayParam(
        owner,
        "domainHiddenLayers",
        "sizes of the domain classifier's hidden ReLU layers, after gradient reversal (may be empty)",
        ParamChecks.layerSizes(0));
  }

  static IntParam maxEpochs(Params owner) {
    return new IntParam(
        owner,
        "maxEpochs",
        "passes over the source rows (samples seen = maxEpochs x source rows per domain) (>= 1)",
        ParamChecks.intAtLeast(1));
  }

  static IntParam minSteps(Params owner) {
    return new IntParam(
        owner,
        "minSteps",
        "fewest training steps, whatever maxEpochs gives: a small source still gets this many "
            + "updates (20 epochs of 157 rows at batchSize 64 would be 50 steps) (>= 0; 0 = "
            + "maxEpochs alone)",
        ParamChecks.intAtLeast(0));
  }

  static IntParam batchSize(Params owner) {
    return new IntParam(
        owner,
        "batchSize",
        "rows per domain in one step, split across the partitions that train together (>= 1)",
        ParamChecks.intAtLeast(1));
  }

  static Param<String> optimizer(Params owner) {
    return new Param<>(
        owner,
        "optimizer",
        "update rule: sgd (momentum 0.9) or adam",
        ParamChecks.oneOf(NativeOptimizer.SGD, NativeOptimizer.ADAM));
  }

  static DoubleParam learningRate(Params owner) {
    return new DoubleParam(
        owner, "learningRate", "initial learning rate (> 0)", ParamChecks.doublePositive());
  }

  static Param<String> learningRateSchedule(Params owner) {
    return new Param<>(
        owner,
        "learningRateSchedule",
        "constant, or ganin: lr / (1 + 10 p)^0.75 with p the training progress in [0, 1]",
        ParamChecks.oneOf(Schedules.CONSTANT, Schedules.GANIN));
  }

  static Param<String> lambdaSchedule(Params owner) {
    return new Param<>(
        owner,
        "lambdaSchedule",
        "domain-loss weight schedule: constant (lambdaMax), or ganin: lambdaMax (2 / (1 + exp(-10 p)) - 1)",
        ParamChecks.oneOf(Schedules.CONSTANT, Schedules.GANIN));
  }

  static DoubleParam lambdaMax(Params owner) {
    return new DoubleParam(
        owner,
        "lambdaMax",
        "largest alignment weight (>= 0): the gradient-reversal lambda, or the MMD / CORAL loss "
            + "weight; 0 trains the source-only baseline with the same network",
        ParamChecks.doubleAtLeast(0));
  }

  static IntParam localSteps(Params owner) {
    return new IntParam(
        owner,
        "localSteps",
        "steps each partition runs between two parameter averagings (>= 1); 1 = synchronous SGD;"
            + " with one partition nothing is averaged and a round lasts at least an epoch",
        ParamChecks.intAtLeast(1));
  }

  static IntParam optimizerSyncInterval(Params owner) {
    return new IntParam(
        owner,
        "optimizerSyncInterval",
        "every how many rounds (>= 1) the partitions' optimizer states (Adam's moments) are averaged"
            + " on the driver; in between each partition keeps its own on its executor and only the"
            + " weights are shipped (a lost one is recomputed from the last averaging or"
            + " checkpoint); 1 = every round. With one partition nothing is averaged, but the state"
            + " stays on the executor the same way",
        ParamChecks.intAtLeast(1));
  }

  static Param<String> deltaPrecision(Params owner) {
    return new Param<>(
        owner,
        "deltaPrecision",
        "how each partition returns its weights between two averagings of the optimizer state:"
            + " float32 (the weights), or bfloat16 (its change over the round rounded to bfloat16,"
            + " half the bytes; the rounding error is kept on its executor and added to its next"
            + " change, error feedback). Averaging rounds, checkpoint rounds and the last round"
            + " return float32 weights. Several partitions only",
        ParamChecks.oneOf(FLOAT32, BFLOAT16));
  }

  static final String FLOAT32 = "float32";
  static final String BFLOAT16 = "bfloat16";

  static DoubleParam outerLearningRate(Params owner) {
    return new DoubleParam(
        owner,
        "outerLearningRate",
        "the driver's step size over each round's averaged weights (> 0; DiLoCo's outer SGD): the "
            + "next round starts at start - outerLearningRate x (start - average), with Nesterov "
            + "momentum outerMomentum; 1 with momentum 0 = plain averaging. Several partitions only",
        ParamChecks.doublePositive());
  }

  static DoubleParam outerMomentum(Params owner) {
    return new DoubleParam(
        owner,
        "outerMomentum",
        "Nesterov momentum of the outer step over the averaged weights, in [0, 1); 0 = none",
        ParamChecks.<Object>of(v -> (Double) v >= 0 && (Double) v < 1));
  }

  static Param<String> batchMode(Params owner) {
    return new Param<>(
        owner,
        "batchMode",
        "what batchSize counts when several partitions train: per-partition (each partition draws "
            + "batchSize rows per domain per step, so a global step sees batchSize x partitions rows "
            + "and an epoch takes 1/partitions of the steps: more executors finish sooner; with sgd "
            + "scale learningRate with the partitions) or split (batchSize is the global batch, split "
            + "across the partitions: the same samples and steps as one partition, no speed-up)",
        ParamChecks.oneOf(
            TrainingConfig.BatchMode.PER_PARTITION.paramValue(),
            TrainingConfig.BatchMode.SPLIT.paramValue()));
  }

  static Param<String> featureLayout(Params owner) {
    return new Param<>(
        owner,
        "featureLayout",
        "how the training rows are held on the executors: auto (sparse when at most 10% of the "
            + "feature values are non-zero, e.g. hashed text), dense, or sparse (CSR rows and "
            + "libtorch's sparse product in the first layer: memory follows the non-zeros, not the "
            + "width). transform scores a batch sparse when it is mostly zeros and at least "
            + "16,384 columns wide",
        ParamChecks.oneOf(FeatureLayout.AUTO, FeatureLayout.DENSE, FeatureLayout.SPARSE));
  }

  static IntParam numPartitions(Params owner) {
    return new IntParam(
        owner,
        "numPartitions",
        "partitions (parallel tasks) that train; 0 = Spark's default parallelism (>= 0)",
        ParamChecks.intAtLeast(0));
  }

  static IntParam threadsPerTask(Params owner) {
    return new IntParam(
        owner,
        "threadsPerTask",
        "libtorch intra-op threads per Spark task; set it to spark.task.cpus (>= 1)",
        ParamChecks.intAtLeast(1));
  }

  static LongParam seed(Params owner) {
    return new LongParam(owner, "seed", "random seed for initial weights and batch sampling");
  }

  static Param<String> checkpointDir(Params owner) {
    return new Param<>(
        owner,
        "checkpointDir",
        "directory (any Hadoop path) for training checkpoints; empty = none. A fit resumes from "
            + "the latest checkpoint there when it is of the same fit (Params, data, partitions) "
            + "and refuses one of another fit; the older checkpoints are deleted as newer ones land",
        ParamChecks.notNull());
  }

  static IntParam checkpointInterval(Params owner) {
    return new IntParam(
        owner,
        "checkpointInterval",
        "rounds between two checkpoints when checkpointDir is set (>= 1); the last round is "
            + "always checkpointed",
        ParamChecks.intAtLeast(1));
  }
}
