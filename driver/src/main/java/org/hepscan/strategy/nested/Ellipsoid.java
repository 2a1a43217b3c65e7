package org.hepscan.strategy.nested;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.special.Gamma;

/**
 * The set {x : (x - c)^T S^-1 (x - c) <= 1}: c its centre, S its shape (symmetric positive
 * definite). The bounding ellipsoid of a set of points is the one of their covariance scaled
 * until it holds every point (Mukherjee, Parkinson, Liddle 2006; nestle and dynesty do the
 * same), then grown in volume by a factor, since the points are a sample of the region and
 * its edge lies beyond them.
 */
public final class Ellipsoid {
  private final double[] centre;
  /** S^-1, for membership. */
  private final double[][] precision;
  /** Lower Cholesky factor of S: x = c + L z maps the unit ball onto the ellipsoid. */
  private final double[][] cholesky;
  private final double logVolume;
  /** Ends of the longest axis: the start of a split in two. */
  private final double[][] majorAxisEnds;

  private Ellipsoid(double[] centre, RealMatrix shape) {
    int d = centre.length;
    this.centre = centre.clone();
    EigenDecomposition eig = new EigenDecomposition(shape);
    double[] values = eig.getRealEigenvalues();
    int longest = 0;
    double logDet = 0;
    for (int i = 0; i < d; i++) {
      logDet += Math.log(values[i]);
      if (values[i] > values[longest]) {
        longest = i;
      }
    }
    double[] axis = eig.getEigenvector(longest).toArray();
    double half = Math.sqrt(values[longest]);
    majorAxisEnds = new double[2][d];
    for (int j = 0; j < d; j++) {
      majorAxisEnds[0][j] = centre[j] + half * axis[j];
      majorAxisEnds[1][j] = centre[j] - half * axis[j];
    }
    this.precision = MatrixUtils.inverse(shape).getData();
    this.cholesky = new CholeskyDecomposition(shape, 1e-12, 1e-300).getL().getData();
    this.logVolume = logUnitBallVolume(d) + 0.5 * logDet;
  }

  /**
   * The ellipsoid of {@code points}' covariance, scaled to hold them all, then grown to at
   * least {@code minLogVolume} and by {@code enlarge} in volume. Needs more points than
   * dimensions; a degenerate covariance is regularised by a tiny diagonal.
   */
  public static Ellipsoid bounding(double[][] points, double enlarge, double minLogVolume) {
    int n = points.length;
    int d = points[0].length;
    double[] c = new double[d];
    for (double[] p : points) {
      for (int j = 0; j < d; j++) {
        c[j] += p[j] / n;
      }
    }
    double[][] cov = new double[d][d];
    for (double[] p : points) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b <= a; b++) {
          cov[a][b] += (p[a] - c[a]) * (p[b] - c[b]) / Math.max(1, n - 1);
        }
      }
    }
    double trace = 0;
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < a; b++) {
        cov[b][a] = cov[a][b];
      }
      trace += cov[a][a];
    }
    for (int a = 0; a < d; a++) {
      cov[a][a] += 1e-10 * Math.max(trace / d, 1e-12); // points on a plane, or few of them
    }
    RealMatrix shape = new Array2DRowRealMatrix(cov, false);
    RealMatrix inv = MatrixUtils.inverse(shape);
    double f = 0;
    double[] delta = new double[d];
    for (double[] p : points) {
      for (int j = 0; j < d; j++) {
        delta[j] = p[j] - c[j];
      }
      f = Math.max(f, quadratic(inv.getData(), delta));
    }
    double scale = Math.max(f, 1e-300);
    double logVol = logUnitBallVolume(d) + 0.5 * (logDet(shape) + d * Math.log(scale));
    double grow = Math.log(enlarge) + Math.max(0, minLogVolume - logVol);
    scale *= Math.exp(2 * grow / d);
    return new Ellipsoid(c, shape.scalarMultiply(scale));
  }

  public int dimension() {
    return centre.length;
  }

  public double logVolume() {
    return logVolume;
  }

  public boolean contains(double[] x) {
    double[] delta = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      delta[j] = x[j] - centre[j];
    }
    return quadratic(precision, delta) <= 1;
  }

  /** A point drawn uniformly inside. */
  public double[] sample(SplittableRandom rng) {
    return addDraw(centre.clone(), rng, true);
  }

  /** A point drawn uniformly inside, less the centre: a step shaped like the ellipsoid. */
  public double[] offset(SplittableRandom rng) {
    return addDraw(new double[centre.length], rng, true);
  }

  /** A point drawn uniformly on the surface, less the centre: a direction and length shaped like the ellipsoid. */
  public double[] radius(SplittableRandom rng) {
    return addDraw(new double[centre.length], rng, false);
  }

  /** Adds to {@code x} a point of the unit ball (inside, or on its surface) mapped onto the ellipsoid's shape. */
  private double[] addDraw(double[] x, SplittableRandom rng, boolean inside) {
    int d = centre.length;
    double[] z = new double[d];
    double norm = 0;
    for (int j = 0; j < d; j++) {
      z[j] = rng.nextGaussian();
      norm += z[j] * z[j];
    }
    double r = (inside ? Math.pow(rng.nextDouble(), 1.0 / d) : 1) / Math.sqrt(norm);
    for (int a = 0; a < d; a++) {
      for (int b = 0; b <= a; b++) {
        x[a] += cholesky[a][b] * z[b] * r;
      }
    }
    return x;
  }

  double[][] majorAxisEnds() {
    return majorAxisEnds;
  }

  /** log of the volume of the d-dimensional unit ball, pi^(d/2) / Gamma(d/2 + 1). */
  public static double logUnitBallVolume(int d) {
    return 0.5 * d * Math.log(Math.PI) - Gamma.logGamma(0.5 * d + 1);
  }

  private static double logDet(RealMatrix m) {
    double s = 0;
    for (double v : new EigenDecomposition(m).getRealEigenvalues()) {
      s += Math.log(v);
    }
    return s;
  }

  private static double quadratic(double[][] a, double[] v) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      double row = 0;
      for (int j = 0; j < v.length; j++) {
        row += a[i][j] * v[j];
      }
      s += v[i] * row;
    }
    return s;
  }
}
