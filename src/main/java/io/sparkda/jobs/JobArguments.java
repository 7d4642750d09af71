package io.sparkda.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * The job's command line: {@code CONFIG [key=value ...]} with the flags {@code --verbose}, {@code
 * --validate}, {@code --list-keys} and {@code --help} / {@code -h} anywhere among them.
 *
 * @param config the config file, or null (only with --help or --list-keys)
 */
record JobArguments(Mode mode, String config, List<String> overrides, boolean verbose) {

  /** What the job is asked to do. */
  enum Mode {
    RUN,
    VALIDATE,
    LIST_KEYS,
    HELP
  }

  static final String USAGE =
      String.join(
          "\n",
          "usage: spark-da CONFIG [key=value ...] [--verbose]    run the job",
          "       spark-da CONFIG [key=value ...] --validate     check the config, the inputs'",
          "                                                      columns and that output.dir is",
          "                                                      writable; fit nothing",
          "       spark-da --list-keys                           every config key, its default",
          "                                                      and what it does",
          "       spark-da --help");

  static JobArguments parse(String[] args) {
    boolean verbose = false;
    boolean validate = false;
    boolean listKeys = false;
    boolean help = false;
    List<String> rest = new ArrayList<>();
    for (String a : args) {
      switch (a) {
        case "--verbose" -> verbose = true;
        case "--validate" -> validate = true;
        case "--list-keys" -> listKeys = true;
        case "--help", "-h" -> help = true;
        default -> {
          if (a.startsWith("-") && !a.contains("=")) {
            throw new JobConfigException(
                "unknown option '" + a + "': use --help, --list-keys, --validate or --verbose");
          }
          rest.add(a);
        }
      }
    }
    if (help) {
      return new JobArguments(Mode.HELP, null, List.of(), verbose);
    }
    if (listKeys) {
      return new JobArguments(Mode.LIST_KEYS, null, List.of(), verbose);
    }
    if (rest.isEmpty()) {
      throw new JobConfigException(
          "no config file given: spark-da CONFIG [key=value ...] (--help)");
    }
    return new JobArguments(
        validate ? Mode.VALIDATE : Mode.RUN,
        rest.get(0),
        List.copyOf(rest.subList(1, rest.size())),
        verbose);
  }
}
