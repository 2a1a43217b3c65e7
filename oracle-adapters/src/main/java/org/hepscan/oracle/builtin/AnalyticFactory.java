package org.hepscan.oracle.builtin;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleFactory;

/**
 * An oracle that is a closed-form function of the parameter values: the benchmark
 * functions of the papers. The function sees the values of all parameters in spec order
 * and returns one value per observable.
 */
public final class AnalyticFactory implements OracleFactory {
  private static final long serialVersionUID = 1L;

  /** The closed form; serializable because it travels to the executors. */
  @FunctionalInterface
  public interface Function extends Serializable {
    double[] apply(double[] x);
  }

  private final String name;
  private final List<String> observables;
  private final Function function;

  public AnalyticFactory(String name, List<String> observables, Function function) {
    this.name = name;
    this.observables = List.copyOf(observables);
    this.function = function;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> observables() {
    return observables;
  }

  /** Evaluates the closed form directly, without a runner: for tests and for oracles built on this one. */
  public Map<String, Double> compute(double[] x) {
    double[] out = function.apply(x);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < observables.size(); i++) {
      m.put(observables.get(i), out[i]);
    }
    return m;
  }

  @Override
  public Oracle create() {
    return (point, context) -> Evaluation.ok(point, compute(point.values()));
  }
}
