package org.hepscan.oracle.physics;

/**
 * The Standard Model inputs of the 2HDM oracle: the defaults of 2HDMC 1.8.0 (SM.h), which
 * its CalcGen program uses and which the reference file {@code 2hdmc_typeII_reference.csv}
 * was made with, so that our numbers can be held against it to its printed precision.
 *
 * <p>The vacuum expectation value is not an input: 2HDMC derives it from the Fermi constant,
 * v = (sqrt(2) G_F)^(-1/2) = 246.2206 GeV. A rounded v = 246.22 GeV would move the masses
 * by about 1e-6 relative, far below the reference's precision, but there is no reason to
 * differ. M_W and M_Z (2HDMC's values, not today's PDG ones) and alpha(M_Z) only enter S,
 * T and U.
 */
public final class StandardModelInputs {
  /** Fermi constant (GeV^-2). */
  public static final double GF = 1.16637e-5;
  /** Z mass (GeV). */
  public static final double MZ = 91.15349;
  /** W mass (GeV). */
  public static final double MW = 80.36951;
  /** Electromagnetic coupling at M_Z. */
  public static final double ALPHA_EM = 1. / 127.934;

  /** v^2 = 1 / (sqrt(2) G_F) in GeV^2. */
  public static final double V2 = 1. / (Math.sqrt(2.) * GF);
  /** v = 246.2206 GeV. */
  public static final double V = Math.sqrt(V2);
  /** The SU(2) coupling as 2HDMC defines it: g = 2 M_W / v. */
  public static final double G = 2. * MW / V;
  /** sin(theta_W) in the on-shell definition 1 - M_W^2 / M_Z^2. */
  public static final double SIN_THETA_W = Math.sqrt(1. - MW * MW / (MZ * MZ));
  public static final double COS_THETA_W = Math.sqrt(1. - SIN_THETA_W * SIN_THETA_W);

  private StandardModelInputs() {
  }
}
