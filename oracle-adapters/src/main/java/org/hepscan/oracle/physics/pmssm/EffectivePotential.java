package org.hepscan.oracle.physics.pmssm;

import static org.hepscan.oracle.physics.pmssm.LoopFunctions.colemanWeinberg;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The one-loop (Coleman-Weinberg, DRbar) effective potential of the neutral Higgs fields,
 *
 * <pre>
 * V1 = 1/(64 pi^2) sum_i (-1)^(2 s_i) (2 s_i + 1) n_i m_i^4(phi) [ln(m_i^2(phi)/Q^2) - 3/2]
 * </pre>
 *
 * over the states whose masses depend on the Higgs fields most: stops, sbottoms, staus
 * (Yukawa and trilinear terms; D-terms dropped, they cancel in the CP-odd mass), charginos
 * and neutralinos, and what it does to the Higgs sector at the scale Q = MSUSY. With
 * phi_i = v_i + (h_i + i a_i)/sqrt2 and the minimum conditions solved for the soft Higgs
 * masses, the DRbar CP-odd mass is
 *
 * <pre>
 * mA^2(DRbar) = mA^2(pole) - DeltaA,   DeltaA = d^2V1/dA^2 - sb^2 T1 - cb^2 T2,
 * T_i = (1/(2 v_i)) dV1/dv_i,          A = sb a_1 + cb a_2
 * </pre>
 *
 * (momentum dependence of the A self-energy neglected). For stops alone this reduces to the
 * known DeltaA = 3 ht^2 mu At/(16 pi^2 sb cb) [F(mst2^2) - F(mst1^2)]/(mst2^2 - mst1^2),
 * F(x) = x(ln(x/Q^2) - 1) (checked in the tests). SoftSUSY, given mA as a pole mass, fixes
 * m3^2 = sb cb mA^2(DRbar) and refuses the point when it comes out negative ("A0 tachyon
 * m3sq-problem") and when m_Hd^2 + m_Hu^2 + 2 mu^2 &lt; 2|m3^2|, which is
 * mA^2(DRbar) - T1 - T2 &lt; sin(2 beta) |mA^2(DRbar)| ("Higgs potential ufb").
 *
 * <p>The derivatives are central differences with a 0.5 GeV step, far below every mass.
 */
public final class EffectivePotential {
  private static final double STEP = 0.5;
  private static final double SCALAR = 1 / (32 * Math.PI * Math.PI);

  private final PmssmPoint p;
  private final double sinb;
  private final double cosb;
  private final double q2;
  private final double ht;
  private final double hb;
  private final double htau;

  /** DeltaA and the two tadpoles T1, T2 (GeV^2). */
  public record HiggsLoops(double deltaA, double t1, double t2) {
  }

  /**
   * @param tanb tan(beta)
   * @param q2 Q^2
   * @param mb the MSSM bottom mass at Q (after Delta_b)
   */
  public EffectivePotential(PmssmPoint p, double tanb, double q2, double mb) {
    this.p = p;
    double b = Math.atan(tanb);
    this.sinb = Math.sin(b);
    this.cosb = Math.cos(b);
    this.q2 = q2;
    this.ht = StandardModel.MT_SUSY / (StandardModel.V * sinb);
    this.hb = mb / (StandardModel.V * cosb);
    this.htau = StandardModel.MTAU / (StandardModel.V * cosb);
  }

  public HiggsLoops higgsLoops() {
    double h = STEP;
    double v1 = StandardModel.V * cosb;
    double v2 = StandardModel.V * sinb;
    double v0 = along(0, 0, 0);
    double vaa = (along(h, 0, 0) - 2 * v0 + along(-h, 0, 0)) / (h * h);
    double t1 = (along(0, h, 0) - along(0, -h, 0)) / (2 * h) / (2 * v1);
    double t2 = (along(0, 0, h) - along(0, 0, -h)) / (2 * h) / (2 * v2);
    return new HiggsLoops(vaa - sinb * sinb * t1 - cosb * cosb * t2, t1, t2);
  }

  /** V1 at phi1 = v1 + d1 + i sb a/sqrt2, phi2 = v2 + d2 + i cb a/sqrt2. */
  private double along(double a, double d1, double d2) {
    double r = a / Math.sqrt(2);
    return value(StandardModel.V * cosb + d1, sinb * r, StandardModel.V * sinb + d2, cosb * r);
  }

  /** V1(phi1, phi2) for complex neutral fields phi1 = Hd0 = re1 + i im1, phi2 = Hu0 = re2 + i im2. */
  public double value(double re1, double im1, double re2, double im2) {
    double abs1 = re1 * re1 + im1 * im1;
    double abs2 = re2 * re2 + im2 * im2;
    double mu = p.mu();
    double v = 0;
    // stops: X = ht (At phi2 - mu conj(phi1))
    v += 3 * SCALAR * sfermions(p.mQ3() * p.mQ3() + ht * ht * abs2, p.mu3() * p.mu3() + ht * ht * abs2,
        ht * (p.at() * re2 - mu * re1), ht * (p.at() * im2 + mu * im1));
    // sbottoms and staus: X = h (A phi1 - mu conj(phi2))
    v += 3 * SCALAR * sfermions(p.mQ3() * p.mQ3() + hb * hb * abs1, p.md3() * p.md3() + hb * hb * abs1,
        hb * (p.ab() * re1 - mu * re2), hb * (p.ab() * im1 + mu * im2));
    v += SCALAR * sfermions(p.mL3() * p.mL3() + htau * htau * abs1, p.me3() * p.me3() + htau * htau * abs1,
        htau * (p.atau() * re1 - mu * re2), htau * (p.atau() * im1 + mu * im2));
    v -= 2 * SCALAR * charginos(abs1, abs2, re1 * re2 - im1 * im2, re1 * im2 + im1 * re2);
    v -= SCALAR * neutralinos(re1, -im1, re2, -im2);
    return v;
  }

  /** sum of m^4(ln - 3/2) over the two eigenvalues of [[a, X],[X*, d]]. */
  private double sfermions(double a, double d, double xRe, double xIm) {
    double mean = (a + d) / 2;
    double half = Math.sqrt((a - d) * (a - d) / 4 + xRe * xRe + xIm * xIm);
    return colemanWeinberg(mean - half, q2) + colemanWeinberg(mean + half, q2);
  }

  /** Charginos: eigenvalues of X X^+, trace M2^2 + mu^2 + g^2(|phi1|^2 + |phi2|^2), determinant |M2 mu - g^2 phi1 phi2|^2. */
  private double charginos(double abs1, double abs2, double prodRe, double prodIm) {
    double g2 = StandardModel.G * StandardModel.G;
    double trace = p.m2() * p.m2() + p.mu() * p.mu() + g2 * (abs1 + abs2);
    double detRe = p.m2() * p.mu() - g2 * prodRe;
    double detIm = -g2 * prodIm;
    double det = detRe * detRe + detIm * detIm;
    double disc = Math.sqrt(Math.max(trace * trace - 4 * det, 0));
    return colemanWeinberg((trace - disc) / 2, q2) + colemanWeinberg((trace + disc) / 2, q2);
  }

  /**
   * Neutralinos: eigenvalues of Y^+ Y for the complex symmetric mass matrix Y(phi*) of
   * {@link Electroweakinos}, through the real symmetric 8x8 form [[Re H, -Im H], [Im H, Re H]]
   * of H = Y^+ Y, whose spectrum is H's twice (hence the factor 1/2).
   */
  private double neutralinos(double c1re, double c1im, double c2re, double c2im) {
    double g = StandardModel.G / Math.sqrt(2);
    double gy = StandardModel.GY / Math.sqrt(2);
    double[][] yr = new double[4][4];
    double[][] yi = new double[4][4];
    yr[0][0] = p.m1();
    yr[1][1] = p.m2();
    set(yr, yi, 0, 2, -gy * c1re, -gy * c1im);
    set(yr, yi, 0, 3, gy * c2re, gy * c2im);
    set(yr, yi, 1, 2, g * c1re, g * c1im);
    set(yr, yi, 1, 3, -g * c2re, -g * c2im);
    set(yr, yi, 2, 3, -p.mu(), 0);
    double[][] big = new double[8][8];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double hr = 0;
        double hi = 0;
        for (int k = 0; k < 4; k++) {
          // (Y^+)_{ik} Y_{kj} = conj(Y_{ki}) Y_{kj}
          hr += yr[k][i] * yr[k][j] + yi[k][i] * yi[k][j];
          hi += yr[k][i] * yi[k][j] - yi[k][i] * yr[k][j];
        }
        big[i][j] = hr;
        big[i + 4][j + 4] = hr;
        big[i][j + 4] = -hi;
        big[i + 4][j] = hi;
      }
    }
    double sum = 0;
    for (double e : new EigenDecomposition(new Array2DRowRealMatrix(big, false)).getRealEigenvalues()) {
      sum += colemanWeinberg(e, q2);
    }
    return sum / 2;
  }

  private static void set(double[][] re, double[][] im, int i, int j, double r, double s) {
    re[i][j] = r;
    re[j][i] = r;
    im[i][j] = s;
    im[j][i] = s;
  }
}
