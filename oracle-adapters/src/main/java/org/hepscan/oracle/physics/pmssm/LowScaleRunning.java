package org.hepscan.oracle.physics.pmssm;

/**
 * The soft masses and trilinears run down from MSUSY to MZ in the leading-log
 * approximation of their one-loop renormalisation-group equations (as written in
 * Martin's primer, hep-ph/9709356; t = ln Q, g1 GUT-normalised):
 *
 * <pre>
 * 16 pi^2 d mQ3^2/dt = Xt + Xb - 32/3 g3^2 M3^2 - 6 g2^2 M2^2 - 2/15 g1^2 M1^2 + 1/5 g1^2 S
 * 16 pi^2 d mu3^2/dt = 2 Xt    - 32/3 g3^2 M3^2 - 32/15 g1^2 M1^2 - 4/5 g1^2 S
 * 16 pi^2 d md3^2/dt = 2 Xb    - 32/3 g3^2 M3^2 - 8/15 g1^2 M1^2 + 2/5 g1^2 S
 * 16 pi^2 d mL3^2/dt = Xtau    - 6 g2^2 M2^2 - 6/5 g1^2 M1^2 - 3/5 g1^2 S
 * 16 pi^2 d me3^2/dt = 2 Xtau  - 24/5 g1^2 M1^2 + 6/5 g1^2 S
 * Xt = 2 ht^2 (mHu^2 + mQ3^2 + mu3^2 + At^2), Xb = 2 hb^2 (mHd^2 + mQ3^2 + md3^2 + Ab^2),
 * Xtau = 2 htau^2 (mHd^2 + mL3^2 + me3^2 + Atau^2),
 * S = mHu^2 - mHd^2 + Tr[mQ^2 - mL^2 - 2 mu^2 + md^2 + me^2],
 * 16 pi^2 dAt/dt = 12 ht^2 At + 2 hb^2 Ab + 32/3 g3^2 M3 + 6 g2^2 M2 + 26/15 g1^2 M1 (and Ab, Atau alike)
 * </pre>
 *
 * (first two generations without Yukawa terms), with mHu^2, mHd^2 from the tree-level
 * minimum conditions for the given mA and mu, couplings at the middle of the interval.
 * SoftSUSY computes the tree-level DRbar sfermion masses at MZ as well for its threshold
 * corrections and refuses a point whose third-generation or slepton masses turn tachyonic
 * there; in the reference this check is the only reason given for about 210 of the
 * refusals we share with SoftSUSY (mostly staus and sbottoms pulled down by large Yukawa
 * and trilinear terms).
 */
public final class LowScaleRunning {
  private LowScaleRunning() {
  }

  /** Soft masses^2 and trilinears at MZ. */
  public record AtMz(double mQ3sq, double mu3sq, double md3sq, double mL3sq, double me3sq,
                     double mQ1sq, double mu1sq, double md1sq, double mL1sq, double me1sq,
                     double at, double ab, double atau) {
  }

  /**
   * @param tanb tan(beta)
   * @param msusy the scale the inputs are given at
   * @param mb the MSSM bottom mass (after Delta_b) for the bottom Yukawa coupling
   */
  public static AtMz run(PmssmPoint p, double tanb, double msusy, double mb) {
    double b = Math.atan(tanb);
    double sb = Math.sin(b);
    double cb = Math.cos(b);
    double c2b = Math.cos(2 * b);
    double l = Math.log(StandardModel.MZ / msusy) / (16 * Math.PI * Math.PI);
    double yt2 = sq(StandardModel.MT_SUSY / (StandardModel.V * sb));
    double yb2 = sq(mb / (StandardModel.V * cb));
    double yta2 = sq(StandardModel.MTAU / (StandardModel.V * cb));
    double g1s = 5.0 / 3 * sq(StandardModel.GY);
    double g2s = sq(StandardModel.G);
    double g3s = 4 * Math.PI * StandardModel.alphaS(Math.sqrt(StandardModel.MZ * msusy));
    double mz2 = sq(StandardModel.MZ);
    double ma2 = sq(p.mA());
    double mHd2 = ma2 * sb * sb - sq(p.mu()) - 0.5 * mz2 * c2b;
    double mHu2 = ma2 * cb * cb - sq(p.mu()) + 0.5 * mz2 * c2b;
    double q3 = sq(p.mQ3());
    double u3 = sq(p.mu3());
    double d3 = sq(p.md3());
    double l3 = sq(p.mL3());
    double e3 = sq(p.me3());
    double q1 = sq(p.mQ1());
    double u1 = sq(p.mu1());
    double d1 = sq(p.md1());
    double l1 = sq(p.mL1());
    double e1 = sq(p.me1());
    double s = mHu2 - mHd2 + (2 * q1 + q3) - (2 * l1 + l3) - 2 * (2 * u1 + u3) + (2 * d1 + d3) + (2 * e1 + e3);
    double xt = 2 * yt2 * (mHu2 + q3 + u3 + sq(p.at()));
    double xb = 2 * yb2 * (mHd2 + q3 + d3 + sq(p.ab()));
    double xa = 2 * yta2 * (mHd2 + l3 + e3 + sq(p.atau()));
    double m3 = g3s * sq(p.m3());
    double m2 = g2s * sq(p.m2());
    double m1 = g1s * sq(p.m1());
    double squarkQ = -32.0 / 3 * m3 - 6 * m2 - 2.0 / 15 * m1 + 0.2 * g1s * s;
    double squarkU = -32.0 / 3 * m3 - 32.0 / 15 * m1 - 0.8 * g1s * s;
    double squarkD = -32.0 / 3 * m3 - 8.0 / 15 * m1 + 0.4 * g1s * s;
    double sleptonL = -6 * m2 - 1.2 * m1 - 0.6 * g1s * s;
    double sleptonE = -4.8 * m1 + 1.2 * g1s * s;
    double at = p.at() + l * 2 * (6 * yt2 * p.at() + yb2 * p.ab()
        + 16.0 / 3 * g3s * p.m3() + 3 * g2s * p.m2() + 13.0 / 15 * g1s * p.m1());
    double ab = p.ab() + l * 2 * (6 * yb2 * p.ab() + yt2 * p.at() + yta2 * p.atau()
        + 16.0 / 3 * g3s * p.m3() + 3 * g2s * p.m2() + 7.0 / 15 * g1s * p.m1());
    double atau = p.atau() + l * 2 * (4 * yta2 * p.atau() + 3 * yb2 * p.ab() + 3 * g2s * p.m2() + 9.0 / 5 * g1s * p.m1());
    return new AtMz(q3 + l * (xt + xb + squarkQ), u3 + l * (2 * xt + squarkU), d3 + l * (2 * xb + squarkD),
        l3 + l * (xa + sleptonL), e3 + l * (2 * xa + sleptonE),
        q1 + l * squarkQ, u1 + l * squarkU, d1 + l * squarkD, l1 + l * sleptonL, e1 + l * sleptonE,
        at, ab, atau);
  }

  private static double sq(double x) {
    return x * x;
  }
}
