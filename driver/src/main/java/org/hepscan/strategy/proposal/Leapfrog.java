package org.hepscan.strategy.proposal;

import java.util.SplittableRandom;
import org.hepscan.surrogate.Differentiable;
import org.hepscan.surrogate.Surrogate;

/**
 * Hamiltonian transitions of many chains at once on the potential V = -log L-hat of a
 * classifier that is {@link Differentiable} (papers/000 sec. II.C): a Gaussian momentum,
 * leapfrog steps with one batched gradient per step, reflecting walls at the unit cube's
 * faces (a reflection keeps H, so the walls cost no rejections), and a Metropolis test on
 * the change of H = V + p^2 / 2.
 */
public final class Leapfrog {
  /** L-hat below this counts as this: V stays finite outside the learned region, and the gradient there is flat. */
  static final double FLOOR = 1e-6;

  private Leapfrog() {
  }

  /**
   * One HMC transition of every chain in {@code x} (updated in place); the mean acceptance
   * probability. {@code steps} leapfrog steps with reflecting walls at 0 and 1.
   */
  public static double transition(Surrogate model, double[][] x, double step, int steps, SplittableRandom rng) {
    int dimension = x[0].length;
    int n = x.length;
    double[][] p = new double[n][dimension];
    double[][] y = copy(x);
    double[] h0 = new double[n];
    double[] l0 = likelihood(model, y);
    for (int i = 0; i < n; i++) {
      double kinetic = 0;
      for (int j = 0; j < dimension; j++) {
        p[i][j] = rng.nextGaussian();
        kinetic += p[i][j] * p[i][j] / 2;
      }
      h0[i] = -Math.log(l0[i]) + kinetic;
    }
    double[] l1 = l0;
    double[][] g = gradV(model, y, l0);
    // A fixed trajectory length can be a rational part of the target's own period (a
    // Gaussian's: 2 pi sigma), and half a period maps every point to its mirror image, so
    // the chains would never forget their distance from the centre; a step size drawn anew
    // for each transition, within 20 % of the nominal one, breaks that (Neal 2011, sec. 5.4.2.2)
    double eps = step * (0.8 + 0.4 * rng.nextDouble());
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < dimension; j++) {
          p[i][j] -= (s == 0 ? eps / 2 : eps) * g[i][j];
          double v = y[i][j] + eps * p[i][j];
          // reflect at the walls (a step long enough to cross the cube twice folds again)
          while (v < 0 || v > 1) {
            v = v < 0 ? -v : 2 - v;
            p[i][j] = -p[i][j];
          }
          y[i][j] = v;
        }
      }
      l1 = likelihood(model, y);
      g = gradV(model, y, l1);
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      double kinetic = 0;
      for (int j = 0; j < dimension; j++) {
        p[i][j] -= eps / 2 * g[i][j];
        kinetic += p[i][j] * p[i][j] / 2;
      }
      double h1 = -Math.log(l1[i]) + kinetic;
      double a = Double.isFinite(h1) ? Math.min(1, Math.exp(h0[i] - h1)) : 0;
      mean += a / n;
      if (rng.nextDouble() < a) {
        x[i] = y[i];
      }
    }
    return mean;
  }

  private static double[] likelihood(Surrogate model, double[][] x) {
    double[] l = model.predict(x).column(0);
    for (int i = 0; i < l.length; i++) {
      l[i] = Math.max(FLOOR, Math.min(1, l[i]));
    }
    return l;
  }

  /** dV/du = -dL/du / L, with L floored (flat below the floor). */
  private static double[][] gradV(Surrogate model, double[][] x, double[] l) {
    double[][] g = ((Differentiable) model).gradient(x, 0);
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g[i].length; j++) {
        g[i][j] = l[i] <= FLOOR ? 0 : -g[i][j] / l[i];
      }
    }
    return g;
  }

  private static double[][] copy(double[][] a) {
    double[][] b = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i].clone();
    }
    return b;
  }
}
