package org.hepscan.oracle.builtin;

import java.util.List;
import org.hepscan.config.Options;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.OracleProvider;
import org.hepscan.space.ParameterSpace;

/** O = sum of x_i^2 in any dimension: the quadratic model of papers/001. */
public final class Shell implements OracleProvider {

  @Override
  public String name() {
    return "shell";
  }

  @Override
  public String description() {
    return "O = sum x_i^2 in any dimension (papers/001 quadratic model)";
  }

  @Override
  public OracleFactory configure(Options options, ParameterSpace space) {
    options.allowOnly();
    return new AnalyticFactory(name(), List.of("O"), x -> new double[] {value(x)});
  }

  public static double value(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return s;
  }
}
