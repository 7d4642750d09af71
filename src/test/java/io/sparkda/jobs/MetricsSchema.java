package io.sparkda.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** docs/metrics.schema.json, the published layout of metrics.json, as a test assertion. */
final class MetricsSchema {
  private static final Schema SCHEMA = load();

  private MetricsSchema() {}

  private static Schema load() {
    try (InputStream in = Files.newInputStream(Path.of("docs/metrics.schema.json"))) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails with every violation when {@code metrics} does not follow the schema. */
  static void assertValid(JsonNode metrics) {
    List<Error> errors = SCHEMA.validate(metrics);
    assertEquals(List.of(), errors.stream().map(Error::toString).toList(), "metrics.json schema");
  }
}
