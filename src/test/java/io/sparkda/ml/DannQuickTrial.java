package io.sparkda.ml;

import io.sparkda.testutil.MoonsFixture;
import io.sparkda.testutil.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DannQuickTrial {
  @Test
  void trial() {
    for (String cfg : System.getProperty("cfgs", "").split(";")) {
      String[] f = cfg.split(",");
      // lambdaMax,epochs,lr,opt,lrSched,hidden,dhidden,parts,localSteps,seed,batch
      Dataset<Row> data = MoonsFixture.domains(SparkTestSession.get(), 500, Long.parseLong(f[9])).cache();
      long t = System.nanoTime();
      DannClassificationModel model = new DannClassifier().setLambdaMax(Double.parseDouble(f[0]))
          .setMaxEpochs(Integer.parseInt(f[1])).setLearningRate(Double.parseDouble(f[2]))
          .setOptimizer(f[3]).setLearningRateSchedule(f[4])
          .setHiddenLayers(java.util.Arrays.stream(f[5].split("x")).mapToInt(Integer::parseInt).toArray())
          .setDomainHiddenLayers(java.util.Arrays.stream(f[6].split("x")).mapToInt(Integer::parseInt).toArray())
          .setNumPartitions(Integer.parseInt(f[7])).setLocalSteps(Integer.parseInt(f[8])).setSeed(Long.parseLong(f[9]))
          .setBatchSize(Integer.parseInt(f[10]))
          .fit(data);
      double acc = MoonsFixture.targetAccuracy(model.transform(data));
      System.err.printf("TRIAL %s acc=%.3f secs=%.1f last=%s%n", cfg, acc, (System.nanoTime() - t) / 1e9, model.summary().rounds()[model.summary().rounds().length - 1]);
    }
  }
}
