package org.hepscan.oracle.builtin;

import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.OracleProvider;
import org.hepscan.space.ParameterSpace;

/**
 * The shared part of the closed-form benchmark oracles: a name, one observable, the
 * number of parameters the formula takes, and the formula. A new benchmark is a subclass
 * that passes these to the constructor.
 */
abstract class AnalyticProvider implements OracleProvider {
  /** For {@code maxParameters}: the formula takes any number. */
  static final int ANY = Integer.MAX_VALUE;

  private final String name;
  private final String description;
  private final String observable;
  private final int minParameters;
  private final int maxParameters;
  private final Formula formula;

  /** The closed form of one observable; serializable because it travels to the executors. */
  @FunctionalInterface
  interface Formula extends java.io.Serializable {
    double value(double[] x);
  }

  AnalyticProvider(String name, String description, String observable, int minParameters, int maxParameters, Formula formula) {
    this.name = name;
    this.description = description;
    this.observable = observable;
    this.minParameters = minParameters;
    this.maxParameters = maxParameters;
    this.formula = formula;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final OracleFactory configure(Options options, ParameterSpace space) {
    options.allowOnly();
    int n = space.size();
    if (minParameters == maxParameters && n != minParameters) {
      throw new ConfigException("", name + " is a function of exactly " + minParameters + " parameters; the spec has " + n);
    }
    if (n < minParameters) {
      throw new ConfigException("", name + " needs at least " + minParameters + " parameters; the spec has " + n);
    }
    Formula f = formula;
    return new AnalyticFactory(name, List.of(observable), x -> new double[] {f.value(x)});
  }
}
