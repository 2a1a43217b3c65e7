package org.hepscan.oracle.physics;

import java.util.ArrayList;
import java.util.List;

/**
 * Tree-level masses and CP-even mixing of the type-II 2HDM, computed as 2HDMC 1.8.0 does
 * (THDM::set_param_gen and THDM::get_param_phys): the squared masses of the CP-odd A and
 * the charged H+ in closed form, the CP-even ones as the eigenvalues of the 2x2 mass
 * matrix in the (P1, P2) basis. These are papers/004 eqs. 7-12 once its lambda1 and lambda2
 * are translated to our convention (see {@link Potential}).
 *
 * <p>2HDMC's conventions, kept because users compare with it: sin(beta - alpha) comes from
 * beta - alpha = atan2(s, c) / 2 with s, c the off-diagonal and diagonal differences of
 * the mass matrix in the Higgs basis, so that cos(beta - alpha) >= 0 and sin(beta - alpha)
 * takes either sign; alpha = beta - asin(sin(beta - alpha)), the value its SLHA output
 * writes in Block ALPHA (between beta - pi/2 and beta + pi/2, not in [-pi/2, pi/2]).
 *
 * <p>A squared mass may come out negative (a tachyon: the chosen point is a saddle, not a
 * minimum). 2HDMC then prints the mass as -sqrt(|m^2|); {@link #signedMass} does the same.
 */
public record TreeLevelSpectrum(double mh2, double mH2, double mA2, double mHp2, double sinBetaMinusAlpha,
                                double alpha, boolean degenerate) {

  public static TreeLevelSpectrum of(Potential p) {
    double v2 = StandardModelInputs.V2;
    double l1 = p.lambda1();
    double l2 = p.lambda2();
    double l3 = p.lambda3();
    double l4 = p.lambda4();
    double l5 = p.lambda5();
    double tb = p.tanBeta();
    double cb = 1. / Math.sqrt(1. + tb * tb);
    double sb = tb * cb;
    double sb2 = sb * sb;
    double cb2 = cb * cb;

    double mA2 = p.m12sq() / (sb * cb) - v2 * l5;
    double mHp2 = mA2 + 0.5 * v2 * (l5 - l4);
    double m11 = mA2 * sb2 + v2 * (l1 * cb2 + l5 * sb2);
    double m12 = -mA2 * sb * cb + v2 * (l3 + l4) * sb * cb;
    double m22 = mA2 * cb2 + v2 * (l2 * sb2 + l5 * cb2);
    double root = Math.sqrt((m11 - m22) * (m11 - m22) + 4. * m12 * m12);
    double mh2 = 0.5 * (m11 + m22 - root);
    double mH2 = 0.5 * (m11 + m22 + root);

    // beta - alpha from the Higgs-basis form of the CP-even mass matrix (2HDMC's set_param_gen)
    double s2b = 2. * sb * cb;
    double c2b = cb2 - sb2;
    double l345 = l3 + l4 + l5;
    double lhat = 0.5 * s2b * (l1 * cb2 - l2 * sb2 - l345 * c2b);
    double lA = c2b * (l1 * cb2 - l2 * sb2) + l345 * s2b * s2b - l5;
    double sin2ba = 2. * lhat * v2;
    double cos2ba = -(mA2 - lA * v2);
    // 2HDMC refuses exactly degenerate h and H: the mixing angle is then undefined
    double eps = Math.sqrt(Math.ulp(1.0));
    boolean degenerate = Math.abs(sin2ba) <= eps && Math.abs(cos2ba) <= eps;
    double sba = Math.sin(0.5 * Math.atan2(sin2ba, cos2ba));
    double alpha = -Math.asin(sba) + p.beta();
    return new TreeLevelSpectrum(mh2, mH2, mA2, mHp2, sba, alpha, degenerate);
  }

  /** cos(beta - alpha), never negative in this convention. */
  public double cosBetaMinusAlpha() {
    return Math.sqrt(1. - sinBetaMinusAlpha * sinBetaMinusAlpha);
  }

  /** sqrt(m^2), or -sqrt(|m^2|) for a tachyon, as 2HDMC prints masses. */
  public static double signedMass(double m2) {
    return m2 >= 0 ? Math.sqrt(m2) : -Math.sqrt(-m2);
  }

  public double mh() {
    return signedMass(mh2);
  }

  public double mH() {
    return signedMass(mH2);
  }

  public double mA() {
    return signedMass(mA2);
  }

  public double mHp() {
    return signedMass(mHp2);
  }

  /**
   * The states without a positive squared mass, e.g. {@code m_A^2 = -1.19e+05 GeV^2};
   * empty for a physical spectrum. A massless state (m^2 = 0 exactly) is listed too: the
   * loop functions of S, T, U have no value there.
   */
  public List<String> nonPositive() {
    List<String> out = new ArrayList<>();
    String[] names = {"m_h^2", "m_H^2", "m_A^2", "m_H+^2"};
    double[] m2 = {mh2, mH2, mA2, mHp2};
    for (int i = 0; i < m2.length; i++) {
      if (!(m2[i] > 0)) {
        out.add(names[i] + " = " + String.format(java.util.Locale.ROOT, "%.4g", m2[i]) + " GeV^2");
      }
    }
    return out;
  }
}
