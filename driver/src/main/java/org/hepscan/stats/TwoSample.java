package org.hepscan.stats;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sample comparisons of marginals, one place for the bench's faithfulness figures and
 * the report's: the Kolmogorov-Smirnov p-value as scipy gives it.
 */
public final class TwoSample {
  private TwoSample() {
  }

  /**
   * The two-sample Kolmogorov-Smirnov p-value P(D >= d) of {@code a} against {@code b}
   * (Commons Math, exact for small samples). Not Commons Math's default, P(D > d), which
   * gives two fully separated samples p = 0 and a sample against itself less than 1.
   */
  public static double ksP(double[] a, double[] b) {
    return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(a, b, false);
  }

  /** Column {@code i} of {@code rows}. */
  public static double[] column(double[][] rows, int i) {
    double[] c = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      c[r] = rows[r][i];
    }
    return c;
  }
}
