package org.hepscan.surrogate.bnn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.train.Torch;

/**
 * The posterior of a Bayesian network's weights (papers/003 sec. 2, after Neal 1996), as the
 * potential U(θ) = -log L(data | θ) - log π(θ | τ) that {@link WeightHmc} samples:
 *
 * <ul>
 * <li>likelihood: Gaussian with one precision per output for regression (the learned output
 *     σ), Bernoulli on the logit for classification; rows may carry weights (a weighted
 *     sample standing for more rows), each row's term then counts that many times;
 * <li>prior: each group of {@link BnnLayout} Gaussian around 0 with its own precision τ;
 * <li>hyper-priors: Gamma(shape, rate) on every precision. Being conjugate, the precisions
 *     are drawn exactly from their conditionals ({@link #gibbs}) between trajectories, where
 *     papers/003's TensorBNN moves them with HMC steps of their own.
 * </ul>
 *
 * The data live on the model's device as float tensors; the likelihood and its gradient are
 * one forward and one backward pass over all rows (or a mini-batch, for pre-training). The
 * prior's part is added here in double precision.
 */
final class BnnPosterior implements WeightHmc.Potential, AutoCloseable {
  private final BnnLayout layout;
  private final Task task;
  private final int rows;
  private final double effectiveRows;
  private final NDManager manager;
  private final NDArray x;
  private final NDArray y;
  private final NDArray w;
  private final float[] xHost;
  private final float[] yHost;
  private final float[] wHost;
  private final double shape;
  private final double rate;
  /** Prior precision of each group. */
  final double[] tau;
  /** Likelihood precision of each output (regression; standardized units). */
  final double[] tauY;
  private long evaluations;

  /**
   * @param x rows × inputs, row major, already scaled; @param y rows × outputs (standardized
   * targets, or 0/1 labels); @param weights one per row, or null
   */
  BnnPosterior(BnnLayout layout, Task task, float[] x, float[] y, float[] weights, int rows, double shape, double rate,
      double outputSigma, Device device) {
    this.layout = layout;
    this.task = task;
    this.rows = rows;
    this.shape = shape;
    this.rate = rate;
    this.xHost = x;
    this.yHost = y;
    this.wHost = weights;
    double ew = rows;
    if (weights != null) {
      ew = 0;
      for (float v : weights) {
        ew += v;
      }
    }
    this.effectiveRows = ew;
    this.manager = NDManager.newBaseManager(device);
    this.x = manager.create(x, new Shape(rows, layout.inputs()));
    this.y = manager.create(y, new Shape(rows, layout.outputs()));
    this.w = weights == null ? null : manager.create(weights, new Shape(rows, 1));
    this.tau = new double[layout.groups()];
    java.util.Arrays.fill(tau, 1.0);
    this.tauY = new double[layout.outputs()];
    java.util.Arrays.fill(tauY, 1 / (outputSigma * outputSigma));
  }

  int rows() {
    return rows;
  }

  long evaluations() {
    return evaluations;
  }

  @Override
  public double valueAndGradient(double[] theta, double[] gradient) {
    double lik = likelihood(theta, gradient, x, y, w, 1.0, null);
    return lik + prior(theta, gradient);
  }

  /**
   * The potential on a mini-batch ({@code batch} row indices), its likelihood scaled by
   * rows / batch size so that it estimates the full one: what pre-training descends.
   */
  double batchValueAndGradient(double[] theta, double[] gradient, int[] batch, int from, int to) {
    try (NDManager m = manager.newSubManager()) {
      NDArray[] b = gather(batch, from, to, m);
      double lik = likelihood(theta, gradient, b[0], b[1], b[2], (double) rows / (to - from), null);
      return lik + prior(theta, gradient);
    }
  }

  /** -log L of the rows {@code rows[from..to)} at θ (up to terms that do not depend on θ), no gradient. */
  double batchLikelihood(double[] theta, int[] rows, int from, int to) {
    try (NDManager m = manager.newSubManager()) {
      NDArray[] b = gather(rows, from, to, m);
      return likelihood(theta, null, b[0], b[1], b[2], 1.0, null);
    }
  }

  /** The inputs, targets and weights (null without weights) of rows {@code rows[from..to)}, in {@code m}. */
  private NDArray[] gather(int[] rows, int from, int to, NDManager m) {
    int n = to - from;
    int in = layout.inputs();
    int out = layout.outputs();
    float[] bx = new float[n * in];
    float[] by = new float[n * out];
    float[] bw = wHost == null ? null : new float[n];
    for (int k = 0; k < n; k++) {
      int r = rows[from + k];
      System.arraycopy(xHost, r * in, bx, k * in, in);
      System.arraycopy(yHost, r * out, by, k * out, out);
      if (bw != null) {
        bw[k] = wHost[r];
      }
    }
    return new NDArray[] {m.create(bx, new Shape(n, in)), m.create(by, new Shape(n, out)),
        bw == null ? null : m.create(bw, new Shape(n, 1))};
  }

  /** Per-output sums of (weighted) squared residuals at θ, in standardized units. */
  double[] squaredResiduals(double[] theta) {
    double[] sse = new double[layout.outputs()];
    likelihood(theta, null, x, y, w, 1.0, sse);
    return sse;
  }

  /**
   * -log L at θ (up to terms that do not depend on θ) and, when {@code gradient} is not null, its gradient written
   * into it (overwritten, times {@code scale}). With {@code sse} not null, the per-output
   * squared residuals are written there.
   */
  private double likelihood(double[] theta, double[] gradient, NDArray bx, NDArray by, NDArray bw, double scale,
      double[] sse) {
    evaluations++;
    int p = theta.length;
    float[] t = new float[p];
    for (int i = 0; i < p; i++) {
      t[i] = (float) theta[i];
    }
    boolean grad = gradient != null;
    try (Torch.GradMode mode = Torch.gradMode(grad); NDManager m = manager.newSubManager()) {
      NDArray th = m.create(t, new Shape(p));
      if (grad) {
        th.setRequiresGradient(true);
      }
      // An operation's result belongs to its first operand's manager: the rows held for the
      // whole chain would collect every intermediate of every pass. A copy owned by this
      // pass's manager keeps them here, freed when it closes.
      NDArray rowsHere = bx.duplicate();
      rowsHere.attach(m);
      NDArray f = forward(layout, th, rowsHere);
      double value;
      NDArray loss;
      if (task == Task.CLASSIFICATION) {
        // Stable binary cross-entropy on logits, with tensor operands only (see Losses).
        NDArray bce = Activation.relu(f).sub(f.mul(by)).add(Activation.softPlus(f.abs().neg()));
        if (bw != null) {
          bce = bce.mul(bw);
        }
        loss = bce.sum();
        value = loss.getFloat() * scale;
      } else {
        NDArray sq = f.sub(by).square();
        if (bw != null) {
          sq = sq.mul(bw);
        }
        NDArray perOutput = sq.sum(new int[] {0});
        float[] s = perOutput.toFloatArray();
        float[] half = new float[s.length];
        value = 0;
        for (int o = 0; o < s.length; o++) {
          half[o] = (float) (0.5 * tauY[o]);
          value += 0.5 * tauY[o] * s[o];
          if (sse != null) {
            sse[o] = s[o];
          }
        }
        value *= scale;
        loss = perOutput.mul(m.create(half, new Shape(s.length))).sum();
      }
      if (grad) {
        Torch.backward(loss, m);
        float[] g = th.getGradient().toFloatArray();
        for (int i = 0; i < p; i++) {
          gradient[i] = scale * g[i];
        }
      }
      return value;
    }
  }

  /** Adds the prior's -log π(θ | τ) and its gradient. */
  private double prior(double[] theta, double[] gradient) {
    double u = 0;
    for (int g = 0; g < tau.length; g++) {
      double tg = tau[g];
      double ss = 0;
      for (int i = layout.groupStart(g); i < layout.groupEnd(g); i++) {
        ss += theta[i] * theta[i];
        gradient[i] += tg * theta[i];
      }
      u += 0.5 * tg * ss;
    }
    return u;
  }

  /**
   * Draws every precision from its conditional given θ: Gamma(shape + n/2, rate + Σθ²/2)
   * for a prior group of n weights, Gamma(shape + N/2, rate + SSE/2) for an output's noise.
   */
  void gibbs(double[] theta, RandomGenerator random) {
    for (int g = 0; g < tau.length; g++) {
      double ss = 0;
      int n = layout.groupEnd(g) - layout.groupStart(g);
      for (int i = layout.groupStart(g); i < layout.groupEnd(g); i++) {
        ss += theta[i] * theta[i];
      }
      tau[g] = gamma(shape + 0.5 * n, rate + 0.5 * ss, random);
    }
    if (task == Task.REGRESSION) {
      double[] sse = squaredResiduals(theta);
      for (int o = 0; o < tauY.length; o++) {
        tauY[o] = gamma(shape + 0.5 * effectiveRows, rate + 0.5 * sse[o], random);
      }
    }
  }

  private static double gamma(double shape, double rate, RandomGenerator random) {
    return new GammaDistribution(random, shape, 1 / rate).sample();
  }

  /**
   * The network at θ (a 1-D tensor laid out as {@code layout} says) on the rows of {@code x}:
   * slices of θ are the layers, so one backward pass gives dU/dθ.
   */
  static NDArray forward(BnnLayout layout, NDArray theta, NDArray x) {
    NDArray h = x;
    for (int l = 0; l < layout.layers(); l++) {
      int wo = layout.weightOffset(l);
      int bo = layout.biasOffset(l);
      int out = layout.fanOut(l);
      NDArray weights = theta.get(new NDIndex(wo + ":" + bo)).reshape(layout.fanIn(l), out);
      NDArray bias = theta.get(new NDIndex(bo + ":" + (bo + out)));
      h = h.matMul(weights).add(bias);
      if (l < layout.hidden()) {
        int s = layout.slopeOffset() + l;
        NDArray slope = theta.get(new NDIndex(s + ":" + (s + 1)));
        NDArray r = Activation.relu(h);
        h = r.add(h.sub(r).mul(slope));
      }
    }
    return h;
  }

  @Override
  public void close() {
    manager.close();
  }
}
