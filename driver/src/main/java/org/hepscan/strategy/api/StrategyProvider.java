package org.hepscan.strategy.api;

import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;

/**
 * A scan strategy as the spec names it ({@code strategy: {name: ...}}), found through
 * {@link java.util.ServiceLoader}: a new method is one class with a provider and one line in
 * {@code META-INF/services/org.hepscan.strategy.api.StrategyProvider}.
 *
 * <p>{@link #parse} reads and checks the whole {@code strategy:} section once, when the spec is
 * read (so a bad option is reported with its YAML path before Spark starts); the config it
 * returns is immutable and makes the fresh strategy each run of the scan loop uses.
 */
public interface StrategyProvider {

  /** The name the spec uses, e.g. {@code mls}. */
  String name();

  /** The checked, immutable configuration of section {@code o} (errors carry paths relative to it). */
  StrategyConfig parse(Options o, ParameterSpace space);
}
