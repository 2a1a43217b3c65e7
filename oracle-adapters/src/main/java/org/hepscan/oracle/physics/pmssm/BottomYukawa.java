package org.hepscan.oracle.physics.pmssm;

import static org.hepscan.oracle.physics.pmssm.LoopFunctions.deltaBLoop;

/**
 * The tan(beta)-enhanced threshold correction to the bottom mass,
 *
 * <pre>
 * Delta_b = 2 alpha_s/(3 pi) M3 mu tanb I(mQ3^2, md3^2, M3^2)
 *         + ht^2/(16 pi^2) At mu tanb I(mst1^2, mst2^2, mu^2)
 * </pre>
 *
 * (gluino-sbottom and higgsino-stop loops; Hall, Rattazzi, Sarid, hep-ph/9306309; Carena,
 * Olechowski, Pokorski, Wagner, hep-ph/9402253; I = {@link LoopFunctions#deltaBLoop}), and
 * the MSSM bottom mass mb = mb(SM) / (1 + Delta_b) that the sbottom mixing, the bottom
 * Yukawa coupling and its loops use. 1 + Delta_b &lt;= 0 means no perturbative bottom
 * Yukawa coupling reproduces the bottom mass. SoftSUSY refuses all 178 such points of the
 * reference, 96 of them with "Numerical problemThrown" (of its 127 refusals that say so).
 */
public final class BottomYukawa {
  private BottomYukawa() {
  }

  /**
   * @param tanb tan(beta)
   * @param mst1sq mst2sq tree-level stop masses^2
   * @param q2 MSUSY^2 (alpha_s is taken there)
   */
  public static double deltaB(PmssmPoint p, double tanb, double mst1sq, double mst2sq, double q2) {
    double alphaS = StandardModel.alphaS(Math.sqrt(q2));
    double sinb = Math.sin(Math.atan(tanb));
    double ht = StandardModel.MT_SUSY / (StandardModel.V * sinb);
    double gluino = 2 * alphaS / (3 * Math.PI) * p.m3() * p.mu() * tanb
        * deltaBLoop(p.mQ3() * p.mQ3(), p.md3() * p.md3(), p.m3() * p.m3());
    double higgsino = ht * ht / (16 * Math.PI * Math.PI) * p.at() * p.mu() * tanb
        * deltaBLoop(Math.abs(mst1sq), Math.abs(mst2sq), p.mu() * p.mu());
    return gluino + higgsino;
  }
}
