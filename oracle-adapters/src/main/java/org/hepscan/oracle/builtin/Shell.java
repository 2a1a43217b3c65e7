package org.hepscan.oracle.builtin;

/** O = sum of x_i^2 in any dimension: the quadratic model of papers/001. */
public final class Shell extends AnalyticProvider {

  public Shell() {
    super("shell", "O = sum x_i^2 in any dimension (papers/001 quadratic model)", "O", 1, ANY, Shell::value);
  }

  public static double value(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return s;
  }
}
