package org.hepscan.strategy.api;

/**
 * A strategy's {@code strategy:} section, parsed and checked once: immutable, so the spec
 * can hold it and every run of the scan (a start, each resume) gets an equal fresh strategy
 * from it.
 */
public interface StrategyConfig {

  /** The strategy's name as the spec gives it. */
  String name();

  /** A fresh strategy: strategies hold per-run state (models, chains, live points). */
  Strategy newStrategy();
}
