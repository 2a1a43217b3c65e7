package org.hepscan.oracle.physics.pmssm;

import static org.hepscan.oracle.physics.pmssm.LoopFunctions.gauginoLoop;
import static org.hepscan.oracle.physics.pmssm.LoopFunctions.scalarTadpole;

/**
 * The one-loop corrections to a sfermion's soft mass^2 that decide most of SoftSUSY's
 * "tachyon" refusals in the pMSSM-19 (a light sfermion next to heavy gauginos or a large
 * hypercharge D-term), added to the diagonal entries of the tree-level mass matrices:
 *
 * <pre>
 * m^2 -&gt; m^2 + g3^2/(6 pi^2) L(m^2, M3)      [coloured]
 *             + 3/4 g^2/(8 pi^2) L(m^2, M2)   [SU(2) doublets]
 *             + Y^2 g'^2/(8 pi^2) L(m^2, M1)
 *             + g'^2 Y / (16 pi^2) sum_j n_j Y_j m_j^2 (ln(m_j^2/Q^2) - 1)
 * </pre>
 *
 * L is {@link LoopFunctions#gauginoLoop} (PBMZ's gluino-loop correction, hep-ph/9606211,
 * generalised to the electroweak gauginos by the Casimir). The last term is the one-loop
 * hypercharge D-term: the quartic coupling g'^2 Y_i Y_j |phi_i|^2 |phi_j|^2 closed into a
 * loop of every sfermion j (n_j states) and of the heavy Higgs doublet (weight cos 2beta at
 * mass mA); it is the loop version of the "S term" of the soft-mass running and cancels that
 * term's scale dependence. g3 = g3(Q), g, g' from {@link StandardModel}.
 */
public final class SoftMassCorrections {
  private final double m1;
  private final double m2;
  private final double m3;
  private final double q2;
  private final double g3sq;
  private final double hyperchargeTadpoles;

  /**
   * @param cos2b cos(2 beta) for the heavy Higgs doublet's share of the D-term loop
   * @param q2 the renormalisation scale squared, MSUSY^2
   */
  public SoftMassCorrections(PmssmPoint p, double cos2b, double q2) {
    this.m1 = p.m1();
    this.m2 = p.m2();
    this.m3 = p.m3();
    this.q2 = q2;
    this.g3sq = 4 * Math.PI * StandardModel.alphaS(Math.sqrt(q2));
    double s = 0;
    double[][] generations = {
        {p.mQ1(), p.mu1(), p.md1(), p.mL1(), p.me1()},
        {p.mQ1(), p.mu1(), p.md1(), p.mL1(), p.me1()},
        {p.mQ3(), p.mu3(), p.md3(), p.mL3(), p.me3()}};
    Multiplet[] order = {Multiplet.Q, Multiplet.U, Multiplet.D, Multiplet.L, Multiplet.E};
    for (double[] gen : generations) {
      for (int k = 0; k < order.length; k++) {
        s += order[k].states() * order[k].hypercharge() * scalarTadpole(gen[k] * gen[k], q2);
      }
    }
    s += cos2b * scalarTadpole(p.mA() * p.mA(), q2);
    this.hyperchargeTadpoles = s;
  }

  /** The corrected diagonal mass^2 of a sfermion of soft mass {@code soft} in multiplet {@code m}. */
  public double corrected(double soft, Multiplet m) {
    double m2soft = soft * soft;
    double g2sq = StandardModel.G * StandardModel.G;
    double gysq = StandardModel.GY * StandardModel.GY;
    double y = m.hypercharge();
    double c = y * y * gysq / (8 * Math.PI * Math.PI) * gauginoLoop(m2soft, m1, q2)
        + gysq * y * hyperchargeTadpoles / (16 * Math.PI * Math.PI);
    if (m.coloured()) {
      c += g3sq / (6 * Math.PI * Math.PI) * gauginoLoop(m2soft, m3, q2);
    }
    if (m.doublet()) {
      c += 0.75 * g2sq / (8 * Math.PI * Math.PI) * gauginoLoop(m2soft, m2, q2);
    }
    return m2soft + c;
  }
}
