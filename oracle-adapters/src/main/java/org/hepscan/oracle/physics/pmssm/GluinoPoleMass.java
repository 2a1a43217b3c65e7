package org.hepscan.oracle.physics.pmssm;

import static org.hepscan.oracle.physics.pmssm.LoopFunctions.b1Massless;

/**
 * The gluino pole mass at one loop in DRbar (PBMZ, hep-ph/9606211):
 *
 * <pre>
 * mgluino = |M3(Q)| [1 + alpha_s/(4 pi) (15 + 9 ln(Q^2/M3^2) - sum_{12 squarks} B1(M3^2; 0, m_sq^2))]
 * </pre>
 *
 * (gluon loop: C_A (5 + 3 ln(Q^2/M3^2)); quark-squark loops with massless quarks),
 * alpha_s at Q = MSUSY. Heavy squarks raise it: up to +28 % when they are ten times
 * heavier than M3, which the reference shows too.
 */
public final class GluinoPoleMass {
  private GluinoPoleMass() {
  }

  /** @param squarks2 the twelve squark masses^2 (negative ones are clamped to 1 GeV^2) */
  public static double of(double m3, double[] squarks2, double q2) {
    double p2 = m3 * m3;
    double sum = 0;
    for (double m2 : squarks2) {
      sum += b1Massless(p2, Math.max(m2, 1.0), q2);
    }
    double alphaS = StandardModel.alphaS(Math.sqrt(q2));
    return Math.abs(m3) * (1 + alphaS / (4 * Math.PI) * (15 + 9 * Math.log(q2 / p2) - sum));
  }
}
