package io.sparkda.ml;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * A stage's uid and the Params it declared through its shared {@code Has...Params} interfaces, by
 * name: the one field those interfaces' default accessors read, so that an estimator and its model
 * declare, default, get and set their common Params in one place (Java interfaces cannot hold the
 * Param fields that Scala traits do in Spark MLlib).
 */
public final class DeclaredParams implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Map<String, Param<?>> byName = new LinkedHashMap<>();

  public DeclaredParams(String uid) {
    this.uid = uid;
  }

  /** The stage's uid. */
  public String uid() {
    return uid;
  }

  /** Adds {@code param} with its default; returns this. */
  public <T> DeclaredParams add(Params owner, Param<T> param, T defaultValue) {
    byName.put(param.name(), param);
    owner.setDefault(param, defaultValue);
    return this;
  }

  /** The Param named {@code name}; its type is the declaring interface's to know. */
  @SuppressWarnings("unchecked")
  public <P extends Param<?>> P get(String name) {
    Param<?> param = byName.get(name);
    if (param == null) {
      throw new IllegalStateException("no Param '" + name + "' was declared");
    }
    return (P) param;
  }
}
