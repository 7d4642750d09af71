package io.sparkda.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.json4s.JsonAST;
import org.json4s.StringInput;
import org.json4s.jackson.JsonMethods$;
import scala.Option;

/**
 * The versioned layout of everything spark-da saves. Spark's Params metadata (JSON) carries a
 * {@code formatVersion}, plus whatever a model adds (a network's architecture); version 0 is a
 * model saved before versions were written, and still loads. A reader refuses a version newer
 * than it knows with a message that names the path and both versions, instead of misreading it.
 *
 * <p>Version history: 0, no field (spark-da up to 2026-11); 1, the field, and the DANN
 * architecture in the metadata as well as in the data.
 */
final class SavedFormat {
  static final int CURRENT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SavedFormat() {}

  /** An empty object to put a model's own metadata fields in. */
  static ObjectNode fields() {
    return JSON.createObjectNode();
  }

  /** Spark's Params metadata, plus the format version and {@code extra}'s fields. */
  static void saveMetadata(Params instance, String path, SparkContext sc, ObjectNode extra) {
    saveMetadata(instance, path, sc, extra, null);
  }

  /**
   * The same with the Params to write given as a JSON object ({@code paramMapJson}), for a stage
   * that saves some of its Params elsewhere; null writes them all.
   */
  static void saveMetadata(Params instance, String path, SparkContext sc, ObjectNode extra,
      String paramMapJson) {
    ObjectNode fields = extra.deepCopy();
    fields.put("formatVersion", CURRENT_VERSION);
    DefaultParamsWriter.saveMetadata(instance, path, sc,
        Option.apply((JsonAST.JObject) json4s(fields.toString())),
        paramMapJson == null ? Option.empty() : Option.apply(json4s(paramMapJson)));
  }

  private static JsonAST.JValue json4s(String json) {
    return JsonMethods$.MODULE$.parse(new StringInput(json), false, false);
  }

  /** Spark's Params metadata, once its format version is known to this reader. */
  static Loaded loadMetadata(String path, SparkContext sc, String className) {
    DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc, className);
    JsonNode json;
    try {
      json = JSON.readTree(metadata.metadataJson());
    } catch (IOException e) {
      throw new UncheckedIOException("metadata of the model at " + path + " is not JSON", e);
    }
    int version = json.path("formatVersion").asInt(0);
    if (version > CURRENT_VERSION || version < 0) {
      throw new IllegalArgumentException(String.format("the model at %s was saved in format "
          + "version %d, but this spark-da reads versions 0 to %d: load it with the spark-da "
          + "version that saved it, or a newer one", path, version, CURRENT_VERSION));
    }
    return new Loaded(metadata, json, version);
  }

  /** Loaded metadata: Spark's view of it, the raw JSON and the format version. */
  static final class Loaded {
    final DefaultParamsReader.Metadata metadata;
    final JsonNode json;
    final int version;

    Loaded(DefaultParamsReader.Metadata metadata, JsonNode json, int version) {
      this.metadata = metadata;
      this.json = json;
      this.version = version;
    }
  }
}
