package io.sparkda.ml;

import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params that {@link DannClassifier} and {@link DannClassificationModel} share, with their
 * getters written once (Java's stand-in for Spark's shared Scala param traits).
 */
public interface HasDannParams extends Params {
  Param<String> embeddingCol();

  IntArrayParam hiddenLayers();

  Param<String> featureExtractor();

  IntArrayParam inputShape();

  IntArrayParam domainHiddenLayers();

  IntParam threadsPerTask();

  default String getEmbeddingCol() {
    return getOrDefault(embeddingCol());
  }

  default int[] getHiddenLayers() {
    return getOrDefault(hiddenLayers());
  }

  default String getFeatureExtractor() {
    return getOrDefault(featureExtractor());
  }

  default int[] getInputShape() {
    return getOrDefault(inputShape());
  }

  default int[] getDomainHiddenLayers() {
    return getOrDefault(domainHiddenLayers());
  }

  default int getThreadsPerTask() {
    return (Integer) getOrDefault(threadsPerTask());
  }
}
