package org.hepscan.oracle.builtin;

import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.OracleProvider;
import org.hepscan.space.ParameterSpace;

/** f = sum_i 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2, any dimension from 2; minimum 0 at (1, ..., 1). */
public final class Rosenbrock implements OracleProvider {

  @Override
  public String name() {
    return "rosenbrock";
  }

  @Override
  public String description() {
    return "f = sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2, 2 or more parameters";
  }

  @Override
  public OracleFactory configure(Options options, ParameterSpace space) {
    options.allowOnly();
    if (space.size() < 2) {
      throw new ConfigException("", "rosenbrock needs at least 2 parameters; the spec has " + space.size());
    }
    return new AnalyticFactory(name(), List.of("f"), x -> new double[] {value(x)});
  }

  public static double value(double[] x) {
    double f = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      f += 100 * a * a + b * b;
    }
    return f;
  }
}
