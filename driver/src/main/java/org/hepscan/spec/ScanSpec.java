package org.hepscan.spec;

import java.util.ArrayList;
import java.util.List;
import org.hepscan.space.ParameterSpace;
import org.hepscan.spec.StopRules;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.target.Target;

/**
 * A scan spec that has passed validation: everything the driver needs, already checked
 * against itself (the oracle's observables against the constraints, the strategy's
 * options against the parameters). Built by {@link SpecReader}.
 *
 * @param startFrom {@code strategy.start_from}: the rows the scan starts from; null for none
 */
public record ScanSpec(
    YamlDocument document,
    String name,
    String description,
    long seed,
    ParameterSpace space,
    OracleSpec oracle,
    Target target,
    StrategyConfig strategy,
    StopRules stop,
    String output,
    StartFrom startFrom) {

  /** A fresh strategy as the spec configures it (strategies hold per-scan state). */
  public Strategy newStrategy() {
    return strategy.newStrategy();
  }

  public String strategyName() {
    return strategy.name();
  }

  /** The same spec writing to another place ({@code --output}). */
  public ScanSpec withOutput(String newOutput) {
    return new ScanSpec(document, name, description, seed, space, oracle, target, strategy, stop, newOutput, startFrom);
  }

  /**
   * What the spec reader found doubtful but not wrong, one line each as
   * {@code FILE:LINE: PATH: problem}: e.g. a program of the oracle that this machine does
   * not have, which the executors may have.
   */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    for (org.hepscan.config.ConfigException w : oracle.warnings()) {
      int line = document.lineOf(w.path());
      out.add(document.source() + (line > 0 ? ":" + line : "") + ": " + w.getMessage());
    }
    return out;
  }

  /** Output columns in order: parameters, then observables. */
  public List<String> dataColumns() {
    List<String> c = new ArrayList<>(space.names());
    c.addAll(oracle.factory().observables());
    return c;
  }
}
