package io.sparkda.jobs;

import io.sparkda.ml.DomainMapModel;
import io.sparkda.ml.reweighting.DomainReweightingModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;

/**
 * What a shallow method fitted, for metrics.json and the report: the width of the mapped features,
 * or the importance weights' effective sample size and quantiles. Label-free.
 */
final class ShallowSummary {
  private ShallowSummary() {}

  /** The summary of the model's shallow stage; null when it has none. */
  static Map<String, Object> of(PipelineModel model) {
    for (Transformer stage : model.stages()) {
      if (stage instanceof DomainMapModel<?> map) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("inputFeatures", map.numFeatures());
        json.put("mappedFeatures", map.outputSize());
        json.put("targetMapped", map.targetMap() != null);
        return json;
      }
      if (stage instanceof DomainReweightingModel weights) {
        double[] q = weights.weightQuantiles();
        Map<String, Object> quantiles = new LinkedHashMap<>();
        quantiles.put("min", q[0]);
        quantiles.put("p05", q[1]);
        quantiles.put("median", q[2]);
        quantiles.put("p95", q[3]);
        quantiles.put("max", q[4]);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("effectiveSampleSize", weights.effectiveSampleSize());
        json.put("maxWeight", weights.getMaxWeight());
        json.put("weightQuantiles", quantiles);
        return json;
      }
    }
    return null;
  }
}
