package org.hepscan.oracle.physics.pmssm;

import java.util.List;

/**
 * The 19 pMSSM parameters at the SUSY scale, in the order and with the names of the
 * columns of {@code reference/softsusy_pmssm19_random.csv} (the parameters of Table II of
 * papers/000): gaugino masses M1, M2, M3; mu; the CP-odd Higgs pole mass mA; the third-
 * generation trilinears At, Ab, Atau; the soft masses of the first two generations
 * (mL1, me1, mQ1, mu1, md1, equal for both) and of the third (mL3, me3, mQ3, mu3, md3);
 * tanb. Masses in GeV, signs as in SLHA (Xt = At - mu / tanb). tanb is the DRbar value at
 * MZ (SoftSUSY's MINPAR 3), the soft terms are DRbar values at MSUSY.
 */
public record PmssmPoint(double m1, double m2, double m3, double mu, double mA,
                         double at, double ab, double atau,
                         double mL1, double me1, double mL3, double me3,
                         double mQ1, double mu1, double md1, double mQ3, double mu3, double md3,
                         double tanb) {

  /** The canonical names, in the order of {@link #of(double[])}. */
  public static final List<String> NAMES = List.of("M1", "M2", "M3", "mu", "mA", "At", "Ab", "Atau",
      "mL1", "me1", "mL3", "me3", "mQ1", "mu1", "md1", "mQ3", "mu3", "md3", "tanb");

  /** The point from 19 values in the order of {@link #NAMES}. */
  public static PmssmPoint of(double[] v) {
    if (v.length != NAMES.size()) {
      throw new IllegalArgumentException("a pMSSM point has " + NAMES.size() + " values, got " + v.length);
    }
    return new PmssmPoint(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
        v[12], v[13], v[14], v[15], v[16], v[17], v[18]);
  }

  /**
   * What makes the inputs unusable before any physics: a non-finite value, tanb outside
   * (0, 100], a soft mass, |M3| or mA that is not positive. Null when they are usable.
   */
  public String inputProblem() {
    double[] all = {m1, m2, m3, mu, mA, at, ab, atau, mL1, me1, mL3, me3, mQ1, mu1, md1, mQ3, mu3, md3, tanb};
    for (int i = 0; i < all.length; i++) {
      if (!Double.isFinite(all[i])) {
        return NAMES.get(i) + " is " + all[i];
      }
    }
    if (!(tanb > 0 && tanb <= 100)) {
      return "tanb = " + tanb + " is outside (0, 100]";
    }
    double[] positive = {mA, mL1, me1, mL3, me3, mQ1, mu1, md1, mQ3, mu3, md3};
    String[] names = {"mA", "mL1", "me1", "mL3", "me3", "mQ1", "mu1", "md1", "mQ3", "mu3", "md3"};
    for (int i = 0; i < positive.length; i++) {
      if (!(positive[i] > 0)) {
        return names[i] + " = " + positive[i] + " must be positive (it is a mass, not a mass squared)";
      }
    }
    if (m3 == 0 || mu == 0) {
      return (m3 == 0 ? "M3" : "mu") + " = 0: the spectrum needs a gluino and a higgsino mass";
    }
    return null;
  }
}
