package org.hepscan.oracle.builtin;

import java.util.List;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.OracleProvider;
import org.hepscan.space.ParameterSpace;

/** O = [2 + cos(x1/2) cos(x2/2)]^5, usually on [0, 10 pi]^2 (papers/001, the MLS eggbox). */
public final class Eggbox implements OracleProvider {

  @Override
  public String name() {
    return "eggbox";
  }

  @Override
  public String description() {
    return "O = [2 + cos(x1/2) cos(x2/2)]^5 of exactly 2 parameters (papers/001)";
  }

  @Override
  public OracleFactory configure(Options options, ParameterSpace space) {
    options.allowOnly();
    if (space.size() != 2) {
      throw new ConfigException("", "eggbox is a function of exactly 2 parameters; the spec has " + space.size());
    }
    return new AnalyticFactory(name(), List.of("O"), x -> new double[] {value(x[0], x[1])});
  }

  public static double value(double x1, double x2) {
    return Math.pow(2 + Math.cos(x1 / 2) * Math.cos(x2 / 2), 5);
  }
}
