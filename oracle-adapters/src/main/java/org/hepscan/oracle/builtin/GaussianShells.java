package org.hepscan.oracle.builtin;

/**
 * The two Gaussian shells of the MultiNest paper (Feroz, Hobson, Bridges 2009, sec. 6.2):
 * L = circ(x; c1) + circ(x; c2), circ(x; c) = exp(-(|x - c| - r)^2 / (2 w^2)) / sqrt(2 pi w^2),
 * r = 2, w = 0.1, centres at -3.5 and +3.5 on the first axis. With a uniform prior on
 * [-6, 6]^D the evidence is known (log Z = -1.75 in 2-D, -5.67 in 5-D, -14.59 in 10-D),
 * which is what nested samplers are checked against. Observable: {@code logL} = ln L.
 */
public final class GaussianShells extends AnalyticProvider {
  public static final double RADIUS = 2.0;
  public static final double WIDTH = 0.1;
  public static final double CENTRE = 3.5;

  public GaussianShells() {
    super("gaussian-shells", "logL of the two Gaussian shells of the MultiNest paper (r 2, w 0.1, centres +-3.5), any dimension",
        "logL", 1, ANY, GaussianShells::logL);
  }

  public static double logL(double[] x) {
    double a = shellExponent(x, -CENTRE);
    double b = shellExponent(x, CENTRE);
    // log(e^a + e^b) without underflow far from both shells
    double hi = Math.max(a, b);
    double sum = hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
    return sum - 0.5 * Math.log(2 * Math.PI * WIDTH * WIDTH);
  }

  private static double shellExponent(double[] x, double centre) {
    double r2 = 0;
    for (int i = 0; i < x.length; i++) {
      double d = i == 0 ? x[i] - centre : x[i];
      r2 += d * d;
    }
    double dr = Math.sqrt(r2) - RADIUS;
    return -dr * dr / (2 * WIDTH * WIDTH);
  }
}
