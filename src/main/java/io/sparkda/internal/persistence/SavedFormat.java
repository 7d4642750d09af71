package io.sparkda.internal.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.json4s.jackson.JsonMethods$;
import scala.Option;

/**
 * The versioned layout of everything spark-da saves. Spark's Params metadata (JSON) carries a
 * {@code formatVersion}, plus whatever a model adds (a network's architecture); version 0 is a
 * model saved before versions were written, and still loads. A reader refuses a version newer than
 * it knows with a message that names the path and both versions, instead of misreading it.
 *
 * <p>Every stage, estimators too, saves through {@link Writer} and loads through {@link Reader}.
 *
 * <p>Version history: 0, no field (spark-da up to 2026-11); 1, the field, and the DANN architecture
 * in the metadata as well as in the data; 2, the DANN feature extractor as a spec and an input
 * shape (conv extractors), in both places.
 */
public final class SavedFormat {
  public static final int CURRENT_VERSION = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SavedFormat() {}

  /** An empty object to put a model's own metadata fields in. */
  public static ObjectNode fields() {
    return JSON.createObjectNode();
  }

  /**
   * Spark's Params metadata, plus the format version and {@code extra}'s fields; the Params to
   * write given as a JSON object ({@code paramMapJson}), or all of them when it is null.
   */
  private static void saveMetadata(
      Params instance, String path, SparkContext sc, ObjectNode extra, String paramMapJson) {
    ObjectNode fields = extra.deepCopy();
    fields.put("formatVersion", CURRENT_VERSION);
    DefaultParamsWriter.saveMetadata(
        instance,
        path,
        sc,
        json4s(fields),
        paramMapJson == null ? Option.empty() : json4s(readJson(paramMapJson)));
  }

  /**
   * {@code json} as json4s's tree, in the Option Spark's writer takes. Typed loosely on purpose:
   * json4s 3.7 (Spark 3.5) calls its tree {@code JsonAST.JValue}, json4s 4 (Spark 4) {@code
   * JValue}, and their parsers differ; {@code fromJsonNode} is the same in both, so this source
   * compiles against either.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Option json4s(JsonNode json) {
    return Option.apply(JsonMethods$.MODULE$.fromJsonNode(json));
  }

  private static JsonNode readJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  /** Spark's Params metadata, once its format version is known to this reader. */
  private static Loaded loadMetadata(String path, SparkContext sc, String className) {
    DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc, className);
    JsonNode json;
    try {
      json = JSON.readTree(metadata.metadataJson());
    } catch (IOException e) {
      throw new UncheckedIOException("metadata of the model at " + path + " is not JSON", e);
    }
    int version = json.path("formatVersion").asInt(0);
    if (version > CURRENT_VERSION || version < 0) {
      throw new IllegalArgumentException(
          String.format(
              "the model at %s was saved in format "
                  + "version %d, but this spark-da reads versions 0 to %d: load it with the spark-da "
                  + "version that saved it, or a newer one",
              path, version, CURRENT_VERSION));
    }
    return new Loaded(metadata, json, version);
  }

  /** Loaded metadata: Spark's view of it, the raw JSON and the format version. */
  public static final class Loaded {
    public final DefaultParamsReader.Metadata metadata;
    public final JsonNode json;
    public final int version;

    Loaded(DefaultParamsReader.Metadata metadata, JsonNode json, int version) {
      this.metadata = metadata;
      this.json = json;
      this.version = version;
    }
  }

  /**
   * The writer of every spark-da stage: the versioned metadata, then whatever {@link #saveData}
   * adds (Parquet under the stage's directory, nested stages). A stage with nothing but Params uses
   * it as it is.
   */
  public static class Writer<T extends Params> extends MLWriter {
    protected final T stage;

    public Writer(T stage) {
      this.stage = stage;
    }

    /** Fields this stage adds to the metadata (a network's architecture); none by default. */
    protected ObjectNode metadataFields() {
      return fields();
    }

    /** The Params to write as a JSON object, for a stage that saves some elsewhere; null: all. */
    protected String paramMapJson() {
      return null;
    }

    /**
     * The Params set on the stage but those named, as the JSON object {@link #paramMapJson}
     * returns: for a stage whose stage-valued Params are saved as nested stages.
     */
    protected final String setParamsExcept(String... names) {
      List<String> skipped = Arrays.asList(names);
      StringBuilder json = new StringBuilder("{");
      for (ParamPair<?> pair : stage.extractParamMap().toList()) {
        @SuppressWarnings("unchecked")
        Param<Object> param = (Param<Object>) pair.param();
        if (skipped.contains(param.name()) || !stage.isSet(param)) {
          continue;
        }
        json.append(json.length() > 1 ? "," : "")
            .append('"')
            .append(param.name())
            .append("\":")
            .append(param.jsonEncode(pair.value()));
      }
      return json.append('}').toString();
    }

    /** The stage's data, after its metadata; nothing by default. */
    protected void saveData(String path) {}

    @Override
    public final void saveImpl(String path) {
      saveMetadata(stage, path, sc(), metadataFields(), paramMapJson());
      saveData(path);
    }

    /**
     * A nested stage (a wrapped classifier, a best model) saved under {@code path} with its own
     * writer; {@code what} names it in the error when it cannot be saved.
     */
    protected final void saveNested(Object nested, String what, String path) {
      if (!(nested instanceof MLWritable)) {
        throw new UnsupportedOperationException(
            "cannot save "
                + stage.getClass().getSimpleName()
                + ": its "
                + what
                + " "
                + nested.getClass().getName()
                + " is not MLWritable");
      }
      try {
        ((MLWritable) nested).write().save(path);
      } catch (IOException e) {
        throw new UncheckedIOException("could not save the " + what + " to " + path, e);
      }
    }

    /** {@code rows} as the one Parquet file of {@code path/dir}, as Spark's models save data. */
    protected final void saveRows(String path, String dir, StructType schema, List<Row> rows) {
      sparkSession().createDataFrame(rows, schema).repartition(1).write().parquet(path + dir);
    }
  }

  /**
   * The reader of every spark-da stage: checks the format version, builds the stage from the
   * metadata and its data ({@link #create}), sets its saved Params, then lets the stage finish
   * (nested stages, checks that need the Params).
   */
  public abstract static class Reader<T extends Params> extends MLReader<T> {
    private final Class<T> type;

    protected Reader(Class<T> type) {
      this.type = type;
    }

    /** The stage with the saved uid, before its saved Params are set. */
    protected abstract T create(String path, Loaded loaded);

    /** The stage once its Params are set; as it is by default. */
    protected T finish(String path, T stage) {
      return stage;
    }

    @Override
    public final T load(String path) {
      Loaded loaded = loadMetadata(path, sc(), type.getName());
      T stage = create(path, loaded);
      loaded.metadata.getAndSetParams(stage, Option.empty());
      return finish(path, stage);
    }

    protected final Dataset<Row> readRows(String path, String dir) {
      return sparkSession().read().parquet(path + dir);
    }
  }

  /**
   * The writer of a stage with one stage-valued Param (a base classifier): the other Params in the
   * metadata, {@code nested} (the Param's value, or the default the stage uses when it is not set;
   * stage-valued defaults cannot go in Spark's metadata) saved with its own writer under {@code
   * path/<param name>}, as Spark saves its meta-estimators.
   */
  public static <T extends Params> MLWriter nestingWriter(
      T stage, String paramName, Object nested) {
    return new Writer<T>(stage) {
      @Override
      protected String paramMapJson() {
        return setParamsExcept(paramName);
      }

      @Override
      protected void saveData(String path) {
        saveNested(nested, paramName, path + "/" + paramName);
      }
    };
  }

  /** The reader of what {@link #nestingWriter} saved. */
  public static <T extends Params> MLReader<T> nestingReader(
      Class<T> type, Function<String, T> byUid, String paramName) {
    return new Reader<T>(type) {
      @Override
      protected T create(String path, Loaded loaded) {
        return byUid.apply(loaded.metadata.uid());
      }

      @Override
      protected T finish(String path, T stage) {
        Object nested = DefaultParamsReader.loadParamsInstance(path + "/" + paramName, sc());
        stage.set(stage.getParam(paramName), nested);
        return stage;
      }
    };
  }

  /** The reader of a stage that saves only its Params, built from its uid. */
  public static <T extends Params> MLReader<T> paramsReader(
      Class<T> type, Function<String, T> byUid) {
    return new Reader<T>(type) {
      @Override
      protected T create(String path, Loaded loaded) {
        return byUid.apply(loaded.metadata.uid());
      }
    };
  }
}
