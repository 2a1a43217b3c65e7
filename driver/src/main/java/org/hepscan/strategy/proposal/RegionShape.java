package org.hepscan.strategy.proposal;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.stat.correlation.Covariance;

/**
 * The shape of the target found: the covariance of its points, as a lower Cholesky factor L
 * (C = L L^T), so that jumps of width sigma along L's columns are as long as the region is in
 * each direction. A region thin in one parameter and wide in another (the 2HDM's lambda2
 * spans a twentieth of its range where tan beta spans most of it) gets jumps that stay
 * inside it in both, where round jumps of one width either leave it across the thin
 * direction or crawl along the wide one. In the whitened coordinates z = L^-1 (x - mean) the
 * region is round, so neighbour distances there measure spacing along the region.
 *
 * <p>Null ({@link #of}) when the points cannot fix a shape: fewer than 2d + 1 of them, or a
 * covariance that is not positive definite (points on a lower-dimensional face); callers then
 * jump round, as before.
 */
record RegionShape(double[] mean, double[][] cholesky) {
  /** Fewer points than this many per dimension (plus one) give no shape: a covariance of a handful is noise. */
  static final int POINTS_PER_DIMENSION = 2;

  /** The shape of {@code points} (unit-cube coordinates), or null when they cannot fix one. */
  static RegionShape of(double[][] points) {
    if (points.length == 0) {
      return null;
    }
    int d = points[0].length;
    if (d < 2 || points.length < POINTS_PER_DIMENSION * d + 1) {
      return null;
    }
    double[][] c = new Covariance(points, false).getCovarianceMatrix().getData();
    double[] mean = new double[d];
    for (double[] p : points) {
      for (int j = 0; j < d; j++) {
        mean[j] += p[j] / points.length;
      }
    }
    try {
      // absolute threshold relative to the largest variance: a direction 10^-12 as wide is flat
      double largest = 0;
      for (int j = 0; j < d; j++) {
        largest = Math.max(largest, c[j][j]);
      }
      if (!(largest > 0)) {
        return null;
      }
      double[][] l = new CholeskyDecomposition(MatrixUtils.createRealMatrix(c), 1e-9, 1e-12 * largest).getL().getData();
      return new RegionShape(mean, l);
    } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
      return null;
    }
  }

  int dimension() {
    return mean.length;
  }

  /** z = L^-1 (x - mean), by forward substitution. */
  double[] whiten(double[] x) {
    int d = mean.length;
    double[] z = new double[d];
    for (int i = 0; i < d; i++) {
      double s = x[i] - mean[i];
      for (int k = 0; k < i; k++) {
        s -= cholesky[i][k] * z[k];
      }
      z[i] = s / cholesky[i][i];
    }
    return z;
  }

  /** L g: a step of whitened length |g| in the region's shape. */
  double[] step(double[] g) {
    int d = mean.length;
    double[] y = new double[d];
    for (int i = 0; i < d; i++) {
      double s = 0;
      for (int k = 0; k <= i; k++) {
        s += cholesky[i][k] * g[k];
      }
      y[i] = s;
    }
    return y;
  }

  /** The largest standard deviation of the region along one parameter: sqrt of C's largest diagonal element. */
  double widestDeviation() {
    double widest = 0;
    for (int i = 0; i < mean.length; i++) {
      double v = 0;
      for (int k = 0; k <= i; k++) {
        v += cholesky[i][k] * cholesky[i][k];
      }
      widest = Math.max(widest, v);
    }
    return Math.sqrt(widest);
  }
}
