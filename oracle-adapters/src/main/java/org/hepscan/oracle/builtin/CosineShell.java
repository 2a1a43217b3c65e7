package org.hepscan.oracle.builtin;

import java.util.List;
import org.hepscan.config.Options;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.OracleProvider;
import org.hepscan.space.ParameterSpace;

/** O = [2 + prod_i cos(x_i/7)]^5 in any dimension (papers/004 eq. 1, the MLscanner toy). */
public final class CosineShell implements OracleProvider {

  @Override
  public String name() {
    return "cosine-shell";
  }

  @Override
  public String description() {
    return "O = [2 + prod cos(x_i/7)]^5 in any dimension (papers/004 eq. 1)";
  }

  @Override
  public OracleFactory configure(Options options, ParameterSpace space) {
    options.allowOnly();
    return new AnalyticFactory(name(), List.of("O"), x -> new double[] {value(x)});
  }

  public static double value(double[] x) {
    double p = 1;
    for (double v : x) {
      p *= Math.cos(v / 7);
    }
    return Math.pow(2 + p, 5);
  }
}
