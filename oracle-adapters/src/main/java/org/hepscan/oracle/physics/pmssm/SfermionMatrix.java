package org.hepscan.oracle.physics.pmssm;

/**
 * The tree-level (L, R) mass^2 matrix of one sfermion flavour and its eigenvalues:
 *
 * <pre>
 * | mL^2 + mf^2 + (T3 - Q sw^2) mZ^2 cos2b        mf X                   |
 * | mf X                                          mR^2 + mf^2 + Q sw^2 mZ^2 cos2b |
 * </pre>
 *
 * with X = A - mu cot(beta) for up-type and A - mu tan(beta) for down-type sfermions (SLHA
 * signs; e.g. Martin, "A Supersymmetry Primer", hep-ph/9709356, sec. 8.4). mL^2, mR^2 may
 * already carry loop corrections ({@link SoftMassCorrections}).
 */
public final class SfermionMatrix {
  private SfermionMatrix() {
  }

  /** The two eigenvalues (mass^2, lighter first; negative is tachyonic). */
  public static double[] masses2(double mL2, double mR2, double mf, double x, double t3, double charge, double cos2b) {
    double mz2 = StandardModel.MZ * StandardModel.MZ;
    double a = mL2 + mf * mf + (t3 - charge * StandardModel.SW2) * mz2 * cos2b;
    double d = mR2 + mf * mf + charge * StandardModel.SW2 * mz2 * cos2b;
    double off = mf * x;
    double mean = (a + d) / 2;
    double half = Math.hypot((a - d) / 2, off);
    return new double[] {mean - half, mean + half};
  }

  /** A sneutrino: mL^2 + mZ^2 cos(2 beta) / 2. */
  public static double sneutrino2(double mL2, double cos2b) {
    return mL2 + 0.5 * StandardModel.MZ * StandardModel.MZ * cos2b;
  }
}
