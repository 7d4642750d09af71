package io.sparkda.jobs;

import java.io.File;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a relative input path points. Relative paths mean the caller's working directory, as on any
 * command line; a local path that is not there is looked up next to the config file, then in the
 * spark-da checkout ({@code -Dspark.da.home}, set by {@code bin/spark-da}), so that the shipped
 * configs find their samples from any directory. Paths with a scheme (hdfs://, s3a://, file:) and
 * absolute paths are taken as they are. Output paths are never moved: they follow the caller.
 */
final class InputPaths {
  private static final Logger LOG = LoggerFactory.getLogger(InputPaths.class);
  static final String HOME_PROPERTY = "spark.da.home";

  /** Where the benchmark configs (conf/amazon.conf, the full digits) expect the public data. */
  static final String SHARED_DATASETS = "shared/datasets/";

  static final String SHARED_DATASETS_HINT =
      ": the benchmark datasets are not part of the repository; they are public (Amazon reviews"
          + " of the DANN paper, MNIST/USPS of the JDA paper) and are expected as LIBSVM files in"
          + " ../shared/datasets next to the checkout (docs/jobs.md, \"Benchmark data\"), or set"
          + " source.path and target.path to your copies";

  private InputPaths() {}

  private static boolean hasScheme(String key, String path) {
    try {
      return URI.create(path.replace(" ", "%20")).getScheme() != null;
    } catch (IllegalArgumentException e) {
      throw new JobConfigException(
          key + " '" + path + "' is not a valid path or URI: " + e.getMessage(), e);
    }
  }

  static String resolve(String key, String path, File configFile) {
    if (path != null && path.chars().anyMatch(Character::isISOControl)) {
      throw new JobConfigException(
          key + " holds a control character (a newline?): " + path.replaceAll("\\p{Cntrl}", "?"));
    }
    if (path == null
        || path.isEmpty()
        || hasScheme(key, path)
        || new File(path).isAbsolute()
        || new File(path).exists()) {
      return path;
    }
    String home = System.getProperty(HOME_PROPERTY);
    File[] bases = {
      configFile.getAbsoluteFile().getParentFile(), home == null ? null : new File(home)
    };
    String[] names = {"the config file", "the spark-da directory"};
    for (int i = 0; i < bases.length; i++) {
      if (bases[i] != null && new File(bases[i], path).exists()) {
        String found = new File(bases[i], path).toPath().normalize().toString();
        LOG.info(
            "spark-da: {} {} is not in the working directory; using {} (relative to {})",
            key,
            path,
            found,
            names[i]);
        return found;
      }
    }
    return path;
  }
}
