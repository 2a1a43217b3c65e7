package org.hepscan.oracle.physics;

import org.apache.commons.math3.complex.Complex;

/**
 * Perturbativity as 2HDMC 1.8.0 checks it (THDM::calc_perturbativity,
 * THDM::check_perturbativity): the largest absolute value of the quartic couplings among
 * the physical scalars h, H, A, H+, compared with a limit, 4 pi by default.
 *
 * <p>The couplings are 2HDMC's THDM::get_coupling_hhhh, in the conventions of Haber and
 * O'Neil (hep-ph/0602242): the potential in the Higgs basis (couplings Z1..Z7 of
 * THDM::get_param_higgs, where 2HDMC uses Z6 = -Lambda6 and Z7 = -Lambda7 of that method),
 * and the invariants q_{k1}, q_{k2} of the neutral states, summed over the 24 orderings of
 * the four legs for purely neutral vertices. Vertices with an odd number of A, or with one
 * or three charged Higgses, vanish (or are not among 2HDMC's couplings, which is the same
 * for the maximum). A coupling depends only on which four states meet, so the 35 sorted
 * quadruples are enough where 2HDMC loops over all 256 orderings.
 */
public final class QuarticPerturbativity {
  /** 2HDMC's default limit on |coupling|. */
  public static final double DEFAULT_LIMIT = 4 * Math.PI;

  private static final int A = 3;
  private static final int CHARGED = 4;
  private static final int[][] PERMUTATIONS = permutations();

  private QuarticPerturbativity() {
  }

  /** The largest |quartic coupling| among h, H, A, H+. */
  public static double largestCoupling(Potential p, TreeLevelSpectrum s) {
    HiggsBasis z = HiggsBasis.of(p);
    Complex[][] q = invariants(s.sinBetaMinusAlpha(), s.cosBetaMinusAlpha());
    double max = 0;
    for (int a = 1; a <= 4; a++) {
      for (int b = a; b <= 4; b++) {
        for (int c = b; c <= 4; c++) {
          for (int d = c; d <= 4; d++) {
            max = Math.max(max, coupling(new int[] {a, b, c, d}, z, q).abs());
          }
        }
      }
    }
    return max;
  }

  /** q_{k1}, q_{k2} of hep-ph/0602242 for the neutral states k = h, H, A. */
  private static Complex[][] invariants(double sba, double cba) {
    return new Complex[][] {
        {new Complex(sba), new Complex(-cba)},
        {new Complex(cba), new Complex(sba)},
        {Complex.ZERO, Complex.I},
    };
  }

  /** The coupling of four states, given in ascending order (1 = h, 2 = H, 3 = A, 4 = H+). */
  static Complex coupling(int[] h, HiggsBasis z, Complex[][] q) {
    int nA = 0;
    int nCharged = 0;
    for (int k : h) {
      nA += k == A ? 1 : 0;
      nCharged += k == CHARGED ? 1 : 0;
    }
    if (nA % 2 == 1) {
      return Complex.ZERO;
    }
    double z1 = z.z1();
    double z2 = z.z2();
    double z34 = z.z3() + z.z4();
    double z5 = z.z5();
    double z6 = -z.lambda6();
    double z7 = -z.lambda7();
    if (nCharged == 0) {
      Complex sum = Complex.ZERO;
      for (int[] perm : PERMUTATIONS) {
        Complex[] a = q[h[perm[0]] - 1];
        Complex[] b = q[h[perm[1]] - 1];
        Complex[] c = q[h[perm[2]] - 1];
        Complex[] d = q[h[perm[3]] - 1];
        Complex term = a[0].multiply(b[0]).multiply(c[0].conjugate()).multiply(d[0].conjugate()).multiply(z1)
            .add(a[1].multiply(b[1]).multiply(c[1].conjugate()).multiply(d[1].conjugate()).multiply(z2))
            .add(a[0].multiply(b[0].conjugate()).multiply(c[1]).multiply(d[1].conjugate()).multiply(2 * z34))
            .add(2 * a[0].conjugate().multiply(b[0].conjugate()).multiply(c[1]).multiply(d[1]).multiply(z5).getReal())
            .add(4 * a[0].multiply(b[0].conjugate()).multiply(c[0].conjugate()).multiply(d[1]).multiply(z6).getReal())
            .add(4 * a[0].conjugate().multiply(b[1]).multiply(c[1]).multiply(d[1].conjugate()).multiply(z7).getReal());
        sum = sum.add(term);
      }
      return sum.multiply(new Complex(0, -1. / 8.));
    }
    if (nCharged == 2) {
      Complex[] a = q[h[0] - 1];
      Complex[] b = q[h[1] - 1];
      Complex t = a[1].multiply(b[1].conjugate()).multiply(z2)
          .add(a[0].multiply(b[0].conjugate()).multiply(z.z3()))
          .add(2 * a[0].multiply(b[1]).multiply(z7).getReal())
          .add(b[1].multiply(a[1].conjugate()).multiply(z2))
          .add(b[0].multiply(a[0].conjugate()).multiply(z.z3()))
          .add(2 * b[0].multiply(a[1]).multiply(z7).getReal());
      return t.multiply(new Complex(0, -0.5));
    }
    if (nCharged == 4) {
      return new Complex(0, -2 * z2);
    }
    return Complex.ZERO;
  }

  private static int[][] permutations() {
    int[][] out = new int[24][];
    int n = 0;
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        for (int c = 0; c < 4; c++) {
          int d = 6 - a - b - c;
          if (a != b && a != c && b != c && d != a && d != b && d != c) {
            out[n++] = new int[] {a, b, c, d};
          }
        }
      }
    }
    return out;
  }
}
