package org.hepscan.spec;

import java.util.ArrayList;
import java.util.List;
import org.hepscan.config.Options;
import org.hepscan.scan.StopRules;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.Strategy;
import org.hepscan.strategy.StrategyCatalog;
import org.hepscan.target.Target;

/**
 * A scan spec that has passed validation: everything the driver needs, already checked
 * against itself (the oracle's observables against the constraints, the strategy's
 * options against the parameters). Built by {@link SpecReader}.
 */
public record ScanSpec(
    YamlDocument document,
    String name,
    String description,
    long seed,
    ParameterSpace space,
    OracleSpec oracle,
    Target target,
    Options strategyOptions,
    StopRules stop,
    String output) {

  /** A fresh strategy as the spec configures it (strategies hold per-scan state). */
  public Strategy newStrategy() {
    return StrategyCatalog.create(strategyOptions, space);
  }

  public String strategyName() {
    return strategyOptions.string("name");
  }

  /** The same spec writing to another place ({@code --output}). */
  public ScanSpec withOutput(String newOutput) {
    return new ScanSpec(document, name, description, seed, space, oracle, target, strategyOptions, stop, newOutput);
  }

  /** Output columns in order: parameters, then observables. */
  public List<String> dataColumns() {
    List<String> c = new ArrayList<>(space.names());
    c.addAll(oracle.factory().observables());
    return c;
  }
}
