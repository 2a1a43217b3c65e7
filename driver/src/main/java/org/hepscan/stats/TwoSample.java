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
   * Clamped to [0, 1]: Commons Math computes it as 1 minus a sum, which rounds to -2.2e-16
   * for two fully separated samples of 90 points each (a bench table printed that).
   */
  public static double ksP(double[] a, double[] b) {
    double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(a, b, false);
    return Math.min(1.0, Math.max(0.0, p));
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
