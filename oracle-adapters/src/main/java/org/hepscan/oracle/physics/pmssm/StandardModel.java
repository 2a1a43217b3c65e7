package org.hepscan.oracle.physics.pmssm;

/**
 * The Standard-Model numbers the pMSSM approximation needs, fixed to the SMINPUTS that
 * the SoftSUSY reference runs used (alpha_s(MZ) = 0.1181, MZ = 91.1876, mt(pole) = 173.1,
 * mb(mb) = 4.18, mtau = 1.777). The running masses at the SUSY scale are single numbers
 * rather than a renormalisation-group solution: over MSUSY = 0.5 to 4 TeV they change by a
 * few per cent, which moves none of the reference agreement figures by more than that.
 */
public final class StandardModel {
  public static final double MZ = 91.1876;
  public static final double MW = 80.379;
  /** v = (2 sqrt2 G_F)^(-1/2): the normalisation with mW = g v / sqrt2, mt = ht v sin(beta). */
  public static final double V = 174.10;
  /** On-shell weak mixing, 1 - mW^2/mZ^2. */
  public static final double SW2 = 1 - MW * MW / (MZ * MZ);
  /** SU(2) coupling g = sqrt2 mW / v. */
  public static final double G = Math.sqrt(2) * MW / V;
  /** Hypercharge coupling g' = g tan(theta_W) (not GUT-normalised). */
  public static final double GY = G * Math.sqrt(SW2 / (1 - SW2));
  public static final double ALPHA_S_MZ = 0.1181;
  public static final double MT_POLE = 173.1;
  /** DRbar MSSM top mass at the SUSY scale (about 150 GeV for MSUSY of 1 to 3 TeV). */
  public static final double MT_SUSY = 150;
  /** DRbar MSSM top mass at MZ (SoftSUSY's mt(MZ) is about 165 GeV). */
  public static final double MT_MZ = 165;
  /** SM MSbar mb at the SUSY scale, before the tan(beta)-enhanced Delta_b correction. */
  public static final double MB_SUSY = 2.5;
  /** mb(MZ) / mb(MSUSY): the QCD running between the two scales. */
  public static final double MB_MZ_OVER_SUSY = 1.15;
  public static final double MTAU = 1.75;
  public static final double MMU = 0.1057;
  /** Strange and charm masses at the SUSY scale: only their mixing terms use them. */
  public static final double MS_SUSY = 0.05;
  public static final double MC_SUSY = 0.62;

  private StandardModel() {
  }

  /**
   * alpha_s(Q) at one loop from alpha_s(MZ), five flavours below the top pole mass and six
   * above (continuous at the threshold).
   */
  public static double alphaS(double q) {
    double b5 = (33 - 2 * 5) / (12 * Math.PI);
    double b6 = (33 - 2 * 6) / (12 * Math.PI);
    if (q < MT_POLE) {
      return ALPHA_S_MZ / (1 + ALPHA_S_MZ * b5 * Math.log(q * q / (MZ * MZ)));
    }
    double atTop = ALPHA_S_MZ / (1 + ALPHA_S_MZ * b5 * Math.log(MT_POLE * MT_POLE / (MZ * MZ)));
    return atTop / (1 + atTop * b6 * Math.log(q * q / (MT_POLE * MT_POLE)));
  }
}
