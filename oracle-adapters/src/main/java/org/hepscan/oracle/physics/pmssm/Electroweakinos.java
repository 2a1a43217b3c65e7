package org.hepscan.oracle.physics.pmssm;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Tree-level chargino and neutralino masses (SLHA conventions; Martin, hep-ph/9709356,
 * sec. 8.2): the singular values of the chargino matrix
 *
 * <pre>
 * X = | M2            sqrt2 mW sb |
 *     | sqrt2 mW cb   mu          |
 * </pre>
 *
 * and the absolute eigenvalues of the neutralino matrix in the basis (B, W3, Hd, Hu)
 *
 * <pre>
 * | M1          0           -mZ cb sw   mZ sb sw |
 * | 0           M2           mZ cb cw  -mZ sb cw |
 * | -mZ cb sw   mZ cb cw     0         -mu       |
 * | mZ sb sw   -mZ sb cw    -mu         0        |
 * </pre>
 *
 * both sorted ascending. mZ and mW are parameters so that the unmixed limit can be checked.
 */
public final class Electroweakinos {
  private Electroweakinos() {
  }

  public static double[] charginos(double m2, double mu, double tanb, double mw) {
    double b = Math.atan(tanb);
    double r2 = Math.sqrt(2) * mw;
    double[][] x = {{m2, r2 * Math.sin(b)}, {r2 * Math.cos(b), mu}};
    double[] s = new SingularValueDecomposition(new Array2DRowRealMatrix(x)).getSingularValues();
    Arrays.sort(s);
    return s;
  }

  public static double[] neutralinos(double m1, double m2, double mu, double tanb, double mz, double sw2) {
    double b = Math.atan(tanb);
    double sb = Math.sin(b);
    double cb = Math.cos(b);
    double sw = Math.sqrt(sw2);
    double cw = Math.sqrt(1 - sw2);
    double[][] n = {
        {m1, 0, -mz * cb * sw, mz * sb * sw},
        {0, m2, mz * cb * cw, -mz * sb * cw},
        {-mz * cb * sw, mz * cb * cw, 0, -mu},
        {mz * sb * sw, -mz * sb * cw, -mu, 0}};
    double[] e = new EigenDecomposition(new Array2DRowRealMatrix(n)).getRealEigenvalues();
    for (int i = 0; i < e.length; i++) {
      e[i] = Math.abs(e[i]);
    }
    Arrays.sort(e);
    return e;
  }
}
