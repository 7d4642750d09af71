package io.sparkda.ml;

/**
 * The column Params that {@link CoralAlignment} and {@link CoralAlignmentModel} share: those of
 * every shallow feature map ({@link HasDomainMapParams}); kept as a name of its own for code that
 * uses it.
 */
public interface HasCoralParams<S extends HasCoralParams<S>> extends HasDomainMapParams<S> {}
