package org.hepscan.oracle.builtin;

/** f = sum_i 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2, any dimension from 2; minimum 0 at (1, ..., 1). */
public final class Rosenbrock extends AnalyticProvider {

  public Rosenbrock() {
    super("rosenbrock", "f = sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2, 2 or more parameters", "f", 2, ANY, Rosenbrock::value);
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
