package org.hepscan.oracle.physics;

/**
 * The scalar potential of the CP-conserving 2HDM with a softly broken Z2 symmetry, in the
 * convention of 2HDMC and Branco et al. (Phys. Rept. 516 (2012) 1), lambda6 = lambda7 = 0:
 *
 * <pre>
 * V = m11^2 |P1|^2 + m22^2 |P2|^2 - m12^2 (P1^+ P2 + h.c.) + lambda1/2 |P1|^4 + lambda2/2 |P2|^4
 *   + lambda3 |P1|^2 |P2|^2 + lambda4 |P1^+ P2|^2 + lambda5/2 [(P1^+ P2)^2 + h.c.]
 * </pre>
 *
 * with tan(beta) = v2/v1; m11^2 and m22^2 follow from the minimum conditions.
 * papers/004 (MLscanner, eq. 6) writes lambda1 and lambda2 without the 1/2, so its lambda1 is
 * our lambda1 / 2; its mass formulas (eqs. 7-12) carry m12^2 with our sign, but its scan
 * ranges (eq. 18) give it in the opposite sign of its SPheno inputs (see
 * reference/README.md): its m12^2 in [-3000, 0] is ours in [0, 3000].
 *
 * @param m12sq the soft Z2-breaking mass term m12^2 (GeV^2)
 */
public record Potential(double lambda1, double lambda2, double lambda3, double lambda4, double lambda5,
                        double m12sq, double tanBeta) {

  public double beta() {
    return Math.atan(tanBeta);
  }

  /** The first of the inputs that is not a finite number, by its name; null when all are. */
  public String firstNonFinite() {
    double[] v = {lambda1, lambda2, lambda3, lambda4, lambda5, m12sq, tanBeta};
    String[] names = {"lambda1", "lambda2", "lambda3", "lambda4", "lambda5", "m12sq", "tanbeta"};
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        return names[i] + " = " + v[i];
      }
    }
    return null;
  }
}
