package org.hepscan.surrogate.bnn;

import java.util.SplittableRandom;

/**
 * Hamiltonian Monte Carlo over a flat parameter vector (Neal 2011, "MCMC using Hamiltonian
 * dynamics"): unit mass matrix, leapfrog integration, a Metropolis test on the energy error.
 * During burn-in the step size is tuned by dual averaging towards a target acceptance
 * (Hoffman and Gelman 2014, algorithm 5); afterwards it is frozen at the averaged value,
 * so that the kept samples come from a fixed, reversible kernel. Each trajectory's step is
 * jittered by up to {@code jitter} of itself, which breaks the periodic orbits a fixed
 * step and count can fall into. With a trajectory length λ set ({@link #followStep}), the
 * leapfrog count follows the step as it adapts, L = λ / ε (at most a cap), as in Hoffman and
 * Gelman's algorithm 5: the trajectories keep their length in parameter space whatever step
 * the acceptance asks for, and the count is frozen with the step.
 *
 * <p>Nothing here knows about networks: the {@link Potential} gives U(θ) and its gradient,
 * and a trajectory whose energy is not finite is rejected, never accepted.
 */
public final class WeightHmc {

  /** U(θ) = -log p(θ | data) up to a constant, and its gradient. */
  public interface Potential {
    /** U at {@code theta}; fills {@code gradient} (same length) with dU/dθ. */
    double valueAndGradient(double[] theta, double[] gradient);
  }

  /** Dual-averaging constants of Hoffman and Gelman (2014), section 3.2.1. */
  private static final double GAMMA = 0.05;
  private static final double T0 = 10;
  private static final double KAPPA = 0.75;

  private final Potential potential;
  private final int dim;
  private int leapfrog;
  /** λ, the trajectory length the leapfrog count follows during adaptation; 0: a fixed count. */
  private double trajectoryLength;
  private int maxLeapfrog;
  private final double targetAccept;
  private final double jitter;
  private final SplittableRandom random;

  private double[] theta;
  private double u;
  private double[] grad;

  private double step;
  // dual averaging state
  private double mu;
  private double hBar;
  private double logStepBar;
  private int adapted;

  private long trajectories;
  private long accepted;
  private long divergent;
  private double acceptSum;

  public WeightHmc(Potential potential, double[] start, double step, int leapfrog, double targetAccept, double jitter,
      SplittableRandom random) {
    if (!(step > 0) || leapfrog < 1 || !(targetAccept > 0 && targetAccept < 1) || !(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("HMC needs step > 0, leapfrog >= 1, 0 < target acceptance < 1, 0 <= jitter < 1");
    }
    this.potential = potential;
    this.dim = start.length;
    this.leapfrog = leapfrog;
    this.targetAccept = targetAccept;
    this.jitter = jitter;
    this.random = random;
    this.theta = start.clone();
    this.grad = new double[dim];
    this.u = potential.valueAndGradient(theta, grad);
    if (!Double.isFinite(u)) {
      throw new IllegalArgumentException("the potential is not finite at the starting point (" + u + ")");
    }
    this.step = step;
    restartAdaptation();
  }

  /**
   * Lets the leapfrog count follow the step while it adapts: L = round(λ / ε), between 1 and
   * {@code max}, so that a trajectory keeps the length λ.
   */
  public WeightHmc followStep(double length, int max) {
    if (!(length > 0) || max < 1) {
      throw new IllegalArgumentException("a trajectory length > 0 and a leapfrog cap >= 1, got " + length + ", " + max);
    }
    this.trajectoryLength = length;
    this.maxLeapfrog = max;
    this.leapfrog = stepsFor(step);
    return this;
  }

  private int stepsFor(double eps) {
    return (int) Math.max(1, Math.min(maxLeapfrog, Math.round(trajectoryLength / eps)));
  }

  /** Starts dual averaging afresh from the current step (e.g. after the potential changed scale). */
  public void restartAdaptation() {
    mu = Math.log(10 * step);
    hBar = 0;
    logStepBar = Math.log(step);
    adapted = 0;
  }

  /** The potential changed (new hyperparameters): recompute U and its gradient at the current point. */
  public void refresh() {
    u = potential.valueAndGradient(theta, grad);
  }

  /**
   * One trajectory from the current point; with {@code adapt} the step size moves by dual
   * averaging. Returns the Metropolis acceptance probability of the trajectory.
   */
  public double next(boolean adapt) {
    if (adapt && trajectoryLength > 0) {
      leapfrog = stepsFor(step);
    }
    double eps = step * (1 + jitter * (2 * random.nextDouble() - 1));
    double[] p = new double[dim];
    double kinetic0 = 0;
    for (int i = 0; i < dim; i++) {
      p[i] = gaussian();
      kinetic0 += p[i] * p[i];
    }
    kinetic0 *= 0.5;
    double[] q = theta.clone();
    double[] g = grad.clone();
    double uNew = u;
    boolean finite = true;
    for (int i = 0; i < dim; i++) {
      p[i] -= 0.5 * eps * g[i];
    }
    for (int s = 0; s < leapfrog; s++) {
      for (int i = 0; i < dim; i++) {
        q[i] += eps * p[i];
      }
      uNew = potential.valueAndGradient(q, g);
      if (!Double.isFinite(uNew)) {
        finite = false;
        break;
      }
      double scale = s == leapfrog - 1 ? 0.5 * eps : eps;
      for (int i = 0; i < dim; i++) {
        p[i] -= scale * g[i];
      }
    }
    double kinetic1 = 0;
    for (int i = 0; i < dim; i++) {
      kinetic1 += p[i] * p[i];
    }
    kinetic1 *= 0.5;
    double dH = finite ? (u + kinetic0) - (uNew + kinetic1) : Double.NEGATIVE_INFINITY;
    double alpha = Double.isNaN(dH) ? 0 : Math.min(1, Math.exp(dH));
    trajectories++;
    if (alpha == 0 && (!finite || dH < -1000)) {
      divergent++;
    }
    if (random.nextDouble() < alpha) {
      theta = q;
      grad = g;
      u = uNew;
      accepted++;
    }
    acceptSum += alpha;
    if (adapt) {
      adapt(alpha);
    }
    return alpha;
  }

  private void adapt(double alpha) {
    adapted++;
    double w = 1.0 / (adapted + T0);
    hBar = (1 - w) * hBar + w * (targetAccept - alpha);
    double logStep = mu - Math.sqrt(adapted) / GAMMA * hBar;
    double eta = Math.pow(adapted, -KAPPA);
    logStepBar = eta * logStep + (1 - eta) * logStepBar;
    step = Math.exp(logStep);
  }

  /** Ends adaptation: the step becomes the dual-averaged one, fixed from now on. */
  public void freeze() {
    if (adapted > 0) {
      step = Math.exp(logStepBar);
    }
    if (trajectoryLength > 0) {
      leapfrog = stepsFor(step);
    }
  }

  private double gaussian() {
    // Marsaglia's polar method: two uniforms from the chain's own stream, deterministic.
    double v1;
    double v2;
    double s;
    do {
      v1 = 2 * random.nextDouble() - 1;
      v2 = 2 * random.nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    return v1 * Math.sqrt(-2 * Math.log(s) / s);
  }

  /** The current point (a copy). */
  public double[] position() {
    return theta.clone();
  }

  /** The current point, not copied: callers must not change it. */
  double[] positionView() {
    return theta;
  }

  public double potential() {
    return u;
  }

  public double step() {
    return step;
  }

  /** The leapfrog count of the next trajectory. */
  public int leapfrog() {
    return leapfrog;
  }

  public long trajectories() {
    return trajectories;
  }

  /** Accepted trajectories over all, since the start. */
  public double acceptanceRate() {
    return trajectories == 0 ? 0 : (double) accepted / trajectories;
  }

  /** The mean Metropolis acceptance probability, since the start. */
  public double meanAcceptProbability() {
    return trajectories == 0 ? 0 : acceptSum / trajectories;
  }

  /** Trajectories rejected because the energy blew up (not finite, or an error above 1000). */
  public long divergent() {
    return divergent;
  }
}
