package org.hepscan.surrogate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The spline against what it must be: monotonic, the inverse undoing the forward map, the
 * log-determinant equal to the log of the slope measured by finite differences, the identity
 * with log-determinant 0 outside [-B, B], and no NaN for inputs anywhere (in the tails, on
 * the knots, at the edges) and parameters of any size.
 */
class RationalQuadraticSplineTest {
  private static final double B = 2.0;
  private static final int K = 8;

  /** n rows of d coordinates with parameters of scale {@code scale}; x from the given draw. */
  private record Case(float[] x, float[] w, float[] h, float[] d, int n, int dims) {
  }

  private static Case draw(int n, int dims, double scale, SplittableRandom rng, java.util.function.DoubleSupplier x) {
    float[] xs = new float[n * dims];
    float[] w = new float[n * dims * K];
    float[] h = new float[n * dims * K];
    float[] d = new float[n * dims * (K - 1)];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) x.getAsDouble();
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (scale * rng.nextGaussian());
      h[i] = (float) (scale * rng.nextGaussian());
    }
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (scale * rng.nextGaussian());
    }
    return new Case(xs, w, h, d, n, dims);
  }

  private static float[][] run(NDManager m, Case c, float[] x, boolean inverse) {
    NDArray in = m.create(x, new Shape(c.n(), c.dims()));
    NDArray w = m.create(c.w(), new Shape(c.n(), c.dims(), K));
    NDArray h = m.create(c.h(), new Shape(c.n(), c.dims(), K));
    NDArray d = m.create(c.d(), new Shape(c.n(), c.dims(), K - 1));
    NDList out = inverse ? RationalQuadraticSpline.inverse(in, w, h, d, B) : RationalQuadraticSpline.forward(in, w, h, d, B);
    return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
  }

  /** The same in double precision: fine enough for finite differences. */
  private static double[][] run64(NDManager m, Case c, double[] x) {
    NDArray in = m.create(x, new Shape(c.n(), c.dims()));
    NDArray w = m.create(toDouble(c.w()), new Shape(c.n(), c.dims(), K));
    NDArray h = m.create(toDouble(c.h()), new Shape(c.n(), c.dims(), K));
    NDArray d = m.create(toDouble(c.d()), new Shape(c.n(), c.dims(), K - 1));
    NDList out = RationalQuadraticSpline.forward(in, w, h, d, B);
    return new double[][] {out.get(0).toDoubleArray(), out.get(1).toDoubleArray()};
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Test
  void theInverseUndoesTheForwardMapAndTheLogDetIsTheLogOfTheSlope() {
    SplittableRandom rng = new SplittableRandom(1);
    try (NDManager m = NDManager.newBaseManager()) {
      Case c = draw(4000, 3, 1.0, rng, () -> 2.5 * (2 * rng.nextDouble() - 1));
      float[][] f = run(m, c, c.x(), false);
      float[][] b = run(m, c, f[0], true);
      double hstep = 1e-6;
      double[] x64 = toDouble(c.x());
      double[] up = x64.clone();
      double[] down = x64.clone();
      for (int i = 0; i < up.length; i++) {
        up[i] += hstep;
        down[i] -= hstep;
      }
      double[] centre = run64(m, c, x64)[1];
      double[] fu = run64(m, c, up)[0];
      double[] fd = run64(m, c, down)[0];
      int checked = 0;
      for (int i = 0; i < c.x().length; i++) {
        double x = c.x()[i];
        // float32: y carries its rounding, which the inverse multiplies by dx/dy (up to 1 / 1e-3 where the slope is least)
        double conditioning = Math.ulp(f[0][i]) * Math.exp(-f[1][i]);
        assertEquals(x, b[0][i], 2e-4 * Math.max(1, Math.abs(x)) + 8 * conditioning, "inverse(forward(x)) at x = " + x);
        assertEquals(0, f[1][i] + b[1][i], 2e-3, "log-dets of the two directions cancel at x = " + x);
        if (Math.abs(x) > B) {
          assertEquals(x, f[0][i], 0, "identity outside [-B, B]");
          assertEquals(0, f[1][i], 0);
        } else {
          assertTrue(f[0][i] >= -B - 1e-5 && f[0][i] <= B + 1e-5, "[-B, B] onto itself: " + f[0][i]);
          if (Math.abs(x) < B - 2 * hstep) {
            double slope = (fu[i] - fd[i]) / (2.0 * hstep);
            assertTrue(slope > 0, "monotonic");
            assertEquals(Math.log(slope), centre[i], 1e-4, "log-det against finite differences at x = " + x);
            assertEquals(centre[i], f[1][i], 1e-3 * Math.max(1, Math.abs(centre[i])), "float32 and float64 agree at x = " + x);
            checked++;
          }
        }
      }
      assertTrue(checked > 8000, "most points lie inside: " + checked);
    }
  }

  @Test
  void noNaNForAnyInputOrParameter() {
    SplittableRandom rng = new SplittableRandom(2);
    float[] special = {(float) -B, (float) B, 0f, -0f, Float.MIN_VALUE, 1e-30f, (float) Math.nextUp(B), (float) Math.nextDown(-B),
        1e6f, -1e6f, 3.0e38f, -3.0e38f};
    try (NDManager m = NDManager.newBaseManager()) {
      for (double scale : new double[] {0.01, 1, 10, 50}) {
        int[] k = {0};
        Case c = draw(5000, 2, scale, rng, () -> {
          int i = k[0]++;
          return i % 7 == 0 ? special[i / 7 % special.length] : 6 * rng.nextGaussian();
        });
        float[][] f = run(m, c, c.x(), false);
        float[][] b = run(m, c, c.x(), true);
        for (int i = 0; i < c.x().length; i++) {
          for (float[] v : new float[][] {f[0], f[1], b[0], b[1]}) {
            assertTrue(Float.isFinite(v[i]), "not finite at x = " + c.x()[i] + ", parameter scale " + scale);
          }
        }
      }
    }
  }
}
