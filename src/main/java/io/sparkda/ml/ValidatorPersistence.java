package io.sparkda.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkda.internal.persistence.SavedFormat;
import java.util.Arrays;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.util.DefaultParamsReader;
import scala.NotImplementedError;

/**
 * Saves the validator and its model. The estimator, the evaluator and the grid go through Spark's
 * own {@code TrainValidationSplit} writer (under {@code tuning/}), which knows how to save a grid
 * whose Params belong to nested stages; the model saves its best model under {@code bestModel/} and
 * the search's scores, descriptions and choice in its metadata.
 */
final class ValidatorPersistence {
  private static final String TUNING_DIR = "/tuning";
  private static final String BEST_MODEL_DIR = "/bestModel";
  private static final String MORE_EVALUATOR_DIR = "/moreEvaluator";

  private ValidatorPersistence() {}

  static final class EstimatorWriter extends SavedFormat.Writer<DomainAdaptationValidator> {
    EstimatorWriter(DomainAdaptationValidator validator) {
      super(validator);
    }

    @Override
    protected ObjectNode metadataFields() {
      ObjectNode fields = SavedFormat.fields();
      fields.put("moreEvaluatorCount", stage.getMoreEvaluators().length);
      return fields;
    }

    /** The validator's own Params; the estimator, evaluator and grid are saved under tuning/. */
    @Override
    protected String paramMapJson() {
      return setParamsExcept("estimator", "estimatorParamMaps", "evaluator", "moreEvaluators");
    }

    @Override
    protected void saveData(String path) {
      TrainValidationSplit tuning =
          new TrainValidationSplit()
              .setEstimator(stage.getEstimator())
              .setEvaluator(stage.getEvaluator())
              .setEstimatorParamMaps(stage.getEstimatorParamMaps());
      for (ParamMap candidate : stage.getEstimatorParamMaps()) {
        for (ParamPair<?> pair : candidate.toList()) {
          if (pair.value() instanceof PipelineStage[]) {
            throw notWritable(pair.param().name(), null);
          }
        }
      }
      try {
        saveNested(tuning, "estimator, evaluator and grid", path + TUNING_DIR);
      } catch (NotImplementedError e) {
        throw notWritable(e.getMessage(), e);
      }
      Evaluator[] more = stage.getMoreEvaluators();
      for (int i = 0; i < more.length; i++) {
        saveNested(more[i], "further evaluator " + i, path + MORE_EVALUATOR_DIR + i);
      }
    }

    private static UnsupportedOperationException notWritable(String what, Throwable cause) {
      return new UnsupportedOperationException(
          "cannot save this validator: Spark cannot write its grid's values ("
              + what
              + "), e.g. a grid over a Pipeline's stages; the fitted validator's model can be saved",
          cause);
    }
  }

  static final class EstimatorReader extends SavedFormat.Reader<DomainAdaptationValidator> {
    EstimatorReader() {
      super(DomainAdaptationValidator.class);
    }

    @Override
    protected DomainAdaptationValidator create(String path, SavedFormat.Loaded loaded) {
      // Absent (0) in a validator saved before the Param existed.
      int count = loaded.json.path("moreEvaluatorCount").asInt(0);
      Evaluator[] more = new Evaluator[count];
      for (int i = 0; i < count; i++) {
        more[i] = DefaultParamsReader.loadParamsInstance(path + MORE_EVALUATOR_DIR + i, sc());
      }
      return new DomainAdaptationValidator(loaded.metadata.uid()).setMoreEvaluators(more);
    }

    @Override
    protected DomainAdaptationValidator finish(String path, DomainAdaptationValidator validator) {
      TrainValidationSplit tuning = TrainValidationSplit.load(path + TUNING_DIR);
      return validator
          .setEstimator(tuning.getEstimator())
          .setEvaluator(tuning.getEvaluator())
          .setEstimatorParamMaps(tuning.getEstimatorParamMaps());
    }
  }

  static final class ModelWriter extends SavedFormat.Writer<DomainAdaptationValidatorModel> {
    ModelWriter(DomainAdaptationValidatorModel model) {
      super(model);
    }

    @Override
    protected ObjectNode metadataFields() {
      ObjectNode fields = SavedFormat.fields();
      ObjectNode search = fields.putObject("search");
      Arrays.stream(stage.validationScores()).forEach(search.putArray("validationScores")::add);
      Arrays.stream(stage.candidates()).forEach(search.putArray("candidates")::add);
      search.put("bestIndex", stage.bestIndex());
      search.put("choice", stage.choice());
      return fields;
    }

    @Override
    protected void saveData(String path) {
      saveNested(stage.bestModel(), "best model", path + BEST_MODEL_DIR);
    }
  }

  static final class ModelReader extends SavedFormat.Reader<DomainAdaptationValidatorModel> {
    ModelReader() {
      super(DomainAdaptationValidatorModel.class);
    }

    @Override
    protected DomainAdaptationValidatorModel create(String path, SavedFormat.Loaded loaded) {
      JsonNode search = loaded.json.get("search");
      Model<?> best = DefaultParamsReader.loadParamsInstance(path + BEST_MODEL_DIR, sc());
      double[] scores = doubles((ArrayNode) search.get("validationScores"));
      String[] candidates = new String[scores.length];
      for (int i = 0; i < candidates.length; i++) {
        candidates[i] = search.get("candidates").get(i).asText();
      }
      TrainingHistory[] histories = new TrainingHistory[scores.length];
      Arrays.fill(histories, TrainingHistory.NONE);
      return new DomainAdaptationValidatorModel(
          loaded.metadata.uid(),
          best,
          scores,
          search.get("bestIndex").asInt(),
          candidates,
          histories,
          new Model<?>[scores.length],
          new double[scores.length][0],
          search.get("choice").asText());
    }

    private static double[] doubles(ArrayNode values) {
      double[] out = new double[values.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = values.get(i).asDouble();
      }
      return out;
    }
  }
}
