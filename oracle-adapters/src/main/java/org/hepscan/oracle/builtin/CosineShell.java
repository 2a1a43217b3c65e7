package org.hepscan.oracle.builtin;

/** O = [2 + prod_i cos(x_i/7)]^5 in any dimension (papers/004 eq. 1, the MLscanner toy). */
public final class CosineShell extends AnalyticProvider {

  public CosineShell() {
    super("cosine-shell", "O = [2 + prod cos(x_i/7)]^5 in any dimension (papers/004 eq. 1)", "O", 1, ANY, CosineShell::value);
  }

  public static double value(double[] x) {
    double p = 1;
    for (double v : x) {
      p *= Math.cos(v / 7);
    }
    return Math.pow(2 + p, 5);
  }
}
