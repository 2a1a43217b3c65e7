package org.hepscan.oracle.physics;

import static org.hepscan.oracle.physics.StandardModelInputs.ALPHA_EM;
import static org.hepscan.oracle.physics.StandardModelInputs.COS_THETA_W;
import static org.hepscan.oracle.physics.StandardModelInputs.G;
import static org.hepscan.oracle.physics.StandardModelInputs.MW;
import static org.hepscan.oracle.physics.StandardModelInputs.MZ;
import static org.hepscan.oracle.physics.StandardModelInputs.SIN_THETA_W;

/**
 * The oblique parameters S, T, U of the 2HDM at one loop, relative to the SM with a Higgs of
 * mass mh_ref, as 2HDMC 1.8.0 computes them (Constraints::oblique_param; its CalcGen uses
 * mh_ref = 125 GeV). The formulas are those of Grimus, Lavoura, Ogreid and Osland for
 * models with any number of doublets (J. Phys. G35 (2008) 075001, arXiv:0711.4022; Nucl.
 * Phys. B801 (2008) 81, arXiv:0802.4353) with 2HDMC's mixing matrices, which for the
 * CP-conserving 2HDM reduce to the sums written out below (c = cos(beta - alpha),
 * s = sin(beta - alpha)). The prefactors keep 2HDMC's mixed inputs (g = 2 M_W / v from
 * G_F, alpha(M_Z) separately) so that the numbers match its output to its print precision.
 */
public record ObliqueParameters(double s, double t, double u) {
  /** 2HDMC's reference SM Higgs mass in CalcGen (GeV). */
  public static final double DEFAULT_MH_REF = 125.;

  // 2HDMC's guard for nearly equal masses: DBL_DIG = 15 gives 10^-3
  private static final double DEGENERATE = 1e-3;

  /** For a spectrum without tachyons; {@code mhRef} is the SM Higgs mass S, T, U are relative to. */
  public static ObliqueParameters of(TreeLevelSpectrum sp, double mhRef) {
    double mw2 = MW * MW;
    double mz2 = MZ * MZ;
    double sw2 = SIN_THETA_W * SIN_THETA_W;
    double cw2 = COS_THETA_W * COS_THETA_W;
    double ref2 = mhRef * mhRef;
    double c2 = sp.cosBetaMinusAlpha() * sp.cosBetaMinusAlpha();
    double s2 = 1. - c2;
    double h = sp.mh2();
    double hh = sp.mH2();
    double a = sp.mA2();
    double hp = sp.mHp2();
    double zCharged = (2. * sw2 - 1.) * (2. * sw2 - 1.) * bigG(hp, hp, mz2);
    double neutralPairsZ = c2 * bigG(a, h, mz2) + s2 * bigG(a, hh, mz2);

    double sSum = zCharged + neutralPairsZ
        - 2. * Math.log(hp / mw2) + Math.log(a / mw2) + Math.log(h / mw2) + Math.log(hh / mw2)
        + s2 * gHat(h, mz2) + c2 * gHat(hh, mz2)
        - gHat(ref2, mz2) - Math.log(ref2 / mw2);
    double tSum = f(hp, a) + c2 * f(hp, h) + s2 * f(hp, hh)
        - c2 * f(a, h) - s2 * f(a, hh)
        + 3. * s2 * (f(mz2, h) - f(mw2, h)) + 3. * c2 * (f(mz2, hh) - f(mw2, hh))
        - 3. * (f(mz2, ref2) - f(mw2, ref2));
    double uSum = bigG(hp, a, mw2) + c2 * bigG(hp, h, mw2) + s2 * bigG(hp, hh, mw2)
        - zCharged - neutralPairsZ
        + s2 * (gHat(h, mw2) - gHat(h, mz2)) + c2 * (gHat(hh, mw2) - gHat(hh, mz2))
        - gHat(ref2, mw2) + gHat(ref2, mz2);

    double g2 = G * G;
    double pi2 = Math.PI * Math.PI;
    double s = g2 / (384. * pi2 * cw2) * sSum * 4. * sw2 * cw2 / ALPHA_EM;
    double t = g2 / (64. * pi2 * mw2) * tSum / ALPHA_EM;
    double u = g2 / (384. * pi2) * uSum * 4. * sw2 / ALPHA_EM;
    return new ObliqueParameters(s, t, u);
  }

  /** log(1 + d) / d to fifth order, 2HDMC's stand-in for log(x/y)/((x-y)/y) when x ~ y. */
  private static double logRatioSeries(double x, double y) {
    double d = (x - y) / y;
    return 1. - d / 2. + d * d / 3. - d * d * d / 4. + d * d * d * d / 5.;
  }

  private static boolean distinct(double x, double y) {
    return x > 0 && y > 0 && Math.abs(x - y) > DEGENERATE * x;
  }

  /** The function f(t, r) of arXiv:0802.4353 eq. (B3). */
  private static double smallF(double t, double r) {
    if (r == 0) {
      return 0.;
    }
    if (r > 0) {
      double sr = Math.sqrt(r);
      return sr * Math.log(Math.abs(t - sr) / Math.abs(t + sr));
    }
    double sr = Math.sqrt(-r);
    return 2. * sr * Math.atan(sr / t);
  }

  /** G(x, y, q) of arXiv:0802.4353 eq. (B2). */
  static double bigG(double x, double y, double q) {
    double t = x + y - q;
    double r = q * q - 2. * q * (x + y) + (x - y) * (x - y);
    double head = -16. / 3. + 5. * (x + y) / q - 2. * (x - y) * (x - y) / (q * q) + r / (q * q * q) * smallF(t, r);
    if (distinct(x, y)) {
      return head + 3. / q * ((x * x + y * y) / (x - y) - (x * x - y * y) / q + Math.pow(x - y, 3) / (3. * q * q)) * Math.log(x / y);
    }
    return head + 3. / q * ((x * x + y * y) - (x * x - y * y) * (x - y) / q + Math.pow(x - y, 4) / (3. * q * q)) / y * logRatioSeries(x, y);
  }

  private static double gTilde(double x, double y, double q) {
    double t = x + y - q;
    double r = q * q - 2. * q * (x + y) + (x - y) * (x - y);
    if (distinct(x, y)) {
      return -2. + ((x - y) / q - (x + y) / (x - y)) * Math.log(x / y) + smallF(t, r) / q;
    }
    return -2. + ((x - y) * (x - y) / q - (x + y)) / y * logRatioSeries(x, y) + smallF(t, r) / q;
  }

  /** Ĝ(x, q) = G(x, q, q) + 12 G~(x, q, q), arXiv:0802.4353 eq. (B4). */
  static double gHat(double x, double q) {
    return bigG(x, q, q) + 12. * gTilde(x, q, q);
  }

  /** F(x, y) = (x + y)/2 - x y / (x - y) log(x / y), the Delta-rho function. */
  static double f(double x, double y) {
    if (distinct(x, y)) {
      return 0.5 * (x + y) - x * y / (x - y) * Math.log(x / y);
    }
    return 0.5 * (x + y) - x * logRatioSeries(x, y);
  }
}
