package org.hepscan.oracle.physics;

/**
 * Tree-level unitarity of 2 -> 2 scalar scattering at high energy, as 2HDMC 1.8.0 checks it
 * (THDM::calc_unitarity, THDM::check_unitarity): the eigenvalues of the s-wave scattering
 * matrices of Ginzburg and Ivanov (hep-ph/0508020), S(Y=2, sigma=0) = lambda3 - lambda4,
 * S(Y=2, sigma=1) (3x3), S(Y=0, sigma=1) and S(Y=0, sigma=0) (4x4), are each bounded in
 * absolute value by a limit, 16 pi by default. (The stricter |a0| < 1/2 reading would be
 * 8 pi; 2HDMC's default is the one the reference flags were made with.)
 *
 * <p>With lambda6 = lambda7 = 0 the matrices are block-diagonal with 2x2 blocks, and their
 * eigenvalues have the closed forms used here (the same as Kanemura, Kubota, Takasugi,
 * Phys. Lett. B313 (1993) 155, and Akeroyd, Arhrib, Naimi, Phys. Lett. B490 (2000) 119).
 */
public final class TreeLevelUnitarity {
  /** 2HDMC's default limit on the eigenvalues. */
  public static final double DEFAULT_LIMIT = 16 * Math.PI;

  private TreeLevelUnitarity() {
  }

  /** All twelve eigenvalues of the scattering matrices. */
  public static double[] eigenvalues(Potential p) {
    double l1 = p.lambda1();
    double l2 = p.lambda2();
    double l3 = p.lambda3();
    double l4 = p.lambda4();
    double l5 = p.lambda5();
    double mean = 0.5 * (l1 + l2);
    double half = 0.5 * (l1 - l2);
    double r5 = Math.hypot(half, l5);
    double r4 = Math.hypot(half, l4);
    double r00 = Math.hypot(1.5 * (l1 - l2), 2 * l3 + l4);
    return new double[] {
        l3 - l4,                                   // Y=2, sigma=0
        l3 + l4, mean + r5, mean - r5,             // Y=2, sigma=1
        mean + r4, mean - r4, l3 + l5, l3 - l5,    // Y=0, sigma=1
        3 * mean + r00, 3 * mean - r00,            // Y=0, sigma=0
        l3 + 2 * l4 + 3 * l5, l3 + 2 * l4 - 3 * l5,
    };
  }

  /** The largest |eigenvalue|: the point passes where this is at most the limit. */
  public static double largestEigenvalue(Potential p) {
    double max = 0;
    for (double e : eigenvalues(p)) {
      max = Math.max(max, Math.abs(e));
    }
    return max;
  }
}
