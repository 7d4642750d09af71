package io.sparkda.examples;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The peak memory of the executors while their tasks ran, from the executor metrics Spark reports
 * with every finished task: the JVM heap in use ({@value #HEAP}) and the process's resident memory
 * ({@value #RSS}, libtorch's native memory included; needs {@code
 * spark.executor.processTreeMetrics.enabled}). Spark samples them every {@code
 * spark.executor.metrics.pollingInterval} (the benchmark session sets 500 ms), or else only at
 * heartbeats. In local mode the one executor is the driver's JVM.
 */
final class ExecutorPeaks extends SparkListener {
  static final String HEAP = "JVMHeapMemory";
  static final String RSS = "ProcessTreeJVMRSSMemory";

  /** Per metric, the largest value any task's executor reported: only the maximum is printed. */
  private final Map<String, Long> peaks = new ConcurrentHashMap<>();

  private ExecutorPeaks() {}

  static ExecutorPeaks listen(SparkSession spark) {
    ExecutorPeaks peaks = new ExecutorPeaks();
    spark.sparkContext().addSparkListener(peaks);
    return peaks;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd task) {
    ExecutorMetrics metrics = task.taskExecutorMetrics();
    if (metrics == null) {
      return;
    }
    for (String metric : new String[] {HEAP, RSS}) {
      peaks.merge(metric, metrics.getMetricValue(metric), Math::max);
    }
  }

  /** The largest peak of {@code metric} over the executors, in MiB. */
  long megabytes(String metric) {
    return peaks.getOrDefault(metric, 0L) / (1 << 20);
  }
}
