package org.hepscan.target;

import java.io.Serializable;

/**
 * A rule on one observable. It gives a log-likelihood (0 at best, -infinity where the
 * rule excludes the value outright) and a pass/fail verdict; a {@link Target} combines
 * several by adding log-likelihoods and AND-ing verdicts. A NaN value never passes, and
 * its log-likelihood is -infinity under every rule.
 *
 * <p>For gradient-based samplers each rule also has a smooth log-likelihood and its
 * derivative with respect to the observable ({@link #smoothLogLikelihood},
 * {@link #dLogLikelihood}). For the smooth rules (gaussian, chi-square, log-likelihood
 * observable) the smooth form is the log-likelihood itself. A hard cut has no useful
 * derivative (0 inside, undefined at its bounds), so it is replaced by a soft wall of a
 * given width, see {@link Cut}; its verdict and its ordinary log-likelihood stay exact.
 */
public abstract class Constraint implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String observable;

  protected Constraint(String observable) {
    this.observable = observable;
  }

  public final String observable() {
    return observable;
  }

  public abstract double logLikelihood(double value);

  public abstract boolean passes(double value);

  /**
   * The log-likelihood a gradient-based sampler follows: {@link #logLikelihood} for the
   * smooth rules, a soft wall for a {@link Cut}. -infinity for a NaN value.
   */
  public double smoothLogLikelihood(double value) {
    return logLikelihood(value);
  }

  /**
   * d {@link #smoothLogLikelihood} / d value. 0 where the value is not finite: there the
   * smooth log-likelihood is +-infinity or undefined, and a sampler must reject the point
   * on its log-likelihood rather than step along a NaN or infinite gradient.
   */
  public abstract double dLogLikelihood(double value);

  /** The rule as a user would write it, for logs and reports. */
  public abstract String describe();

  @Override
  public String toString() {
    return describe();
  }

  /** {@code mean +- n sigma} or a minimum likelihood; log-likelihood -(x - mean)^2 / (2 sigma^2). */
  public static final class Gaussian extends Constraint {
    private static final long serialVersionUID = 1L;
    private final double mean;
    private final double sigma;
    private final double maxChi;

    /** In target when |x - mean| < withinSigma * sigma. */
    public static Gaussian withinSigma(String observable, double mean, double sigma, double withinSigma) {
      return new Gaussian(observable, mean, sigma, withinSigma);
    }

    /** In target when exp(-(x - mean)^2 / (2 sigma^2)) > minLikelihood. */
    public static Gaussian minLikelihood(String observable, double mean, double sigma, double minLikelihood) {
      return new Gaussian(observable, mean, sigma, Math.sqrt(-2 * Math.log(minLikelihood)));
    }

    private Gaussian(String observable, double mean, double sigma, double maxChi) {
      super(observable);
      this.mean = mean;
      this.sigma = sigma;
      this.maxChi = maxChi;
    }

    public double mean() {
      return mean;
    }

    public double sigma() {
      return sigma;
    }

    @Override
    public double logLikelihood(double x) {
      if (Double.isNaN(x)) {
        return Double.NEGATIVE_INFINITY;
      }
      double z = (x - mean) / sigma;
      return -0.5 * z * z;
    }

    /** -(x - mean) / sigma^2, exact. */
    @Override
    public double dLogLikelihood(double x) {
      return Double.isFinite(x) ? -(x - mean) / (sigma * sigma) : 0;
    }

    @Override
    public boolean passes(double x) {
      return Math.abs(x - mean) < maxChi * sigma;
    }

    @Override
    public String describe() {
      return observable() + " = " + mean + " +- " + sigma + " (within " + maxChi + " sigma)";
    }
  }

  /**
   * A hard cut: log-likelihood 0 where it passes, -infinity (excluded) where it does not.
   *
   * <p>Its smooth form, for gradient-based samplers only, replaces each bound b by a
   * log-sigmoid wall of width w (the cut's {@link #edge}, in the observable's units):
   * {@code log sigmoid((x - b) / w)} for a lower bound, {@code log sigmoid((b - x) / w)}
   * for an upper one, added for the two bounds of a window. At the bound it is
   * {@code -log 2}; a few w inside, about 0; outside it falls as {@code -(distance / w)},
   * so its derivative pulls a sampler back in with slope at most 1 / w. As w goes to 0,
   * {@code exp} of it goes to 1 inside and 0 outside: the hard cut. Its verdict
   * ({@link #passes}) and its ordinary {@link #logLikelihood} stay the exact cut.
   *
   * <p>A window's edge defaults to {@value #DEFAULT_WINDOW_EDGE_FRACTION} of its width; an
   * upper or lower limit has no scale of its own, so it needs its edge given (spec key
   * {@code edge}) before its smooth form can be used: without one, the smooth methods
   * throw {@link IllegalStateException}.
   */
  public abstract static class Cut extends Constraint {
    private static final long serialVersionUID = 1L;
    /** A window's default edge, as a fraction of its width. */
    public static final double DEFAULT_WINDOW_EDGE_FRACTION = 0.01;

    private final double edge;
    private final boolean edgeGiven;

    /** {@code edge}: the soft wall's width, positive and finite, or NaN for none. */
    protected Cut(String observable, double edge, boolean edgeGiven) {
      super(observable);
      if (!Double.isNaN(edge) && !(edge > 0 && Double.isFinite(edge))) {
        throw new IllegalArgumentException("the edge of a cut on " + observable + " must be a positive width, got " + edge);
      }
      this.edge = edge;
      this.edgeGiven = edgeGiven;
    }

    /** The soft wall's width, in the observable's units; NaN when the cut has none. */
    public final double edge() {
      return edge;
    }

    /** Whether the cut has a smooth form: an edge given, or a window's default one. */
    public final boolean hasEdge() {
      return !Double.isNaN(edge);
    }

    @Override
    public final double logLikelihood(double x) {
      return passes(x) ? 0 : Double.NEGATIVE_INFINITY;
    }

    @Override
    public final double smoothLogLikelihood(double x) {
      requireEdge();
      return Double.isNaN(x) ? Double.NEGATIVE_INFINITY : wall(x, edge);
    }

    @Override
    public final double dLogLikelihood(double x) {
      requireEdge();
      return Double.isFinite(x) ? dWall(x, edge) : 0;
    }

    /** The smooth log-likelihood at a non-NaN x for edge w. */
    protected abstract double wall(double x, double w);

    /** Its exact derivative at a finite x. */
    protected abstract double dWall(double x, double w);

    private void requireEdge() {
      if (!hasEdge()) {
        throw new IllegalStateException("the cut '" + describe() + "' has no smooth form: give it an edge"
            + " (edge: W, a width in the observable's units) to use it with a gradient-based sampler");
      }
    }

    /** " (edge W)" when the spec gave one: a default is not part of the rule as written. */
    protected final String describeEdge() {
      return edgeGiven ? " (edge " + edge + ")" : "";
    }

    /** log(1 / (1 + e^-u)), without overflow for large |u|. */
    static double logSigmoid(double u) {
      return u >= 0 ? -Math.log1p(Math.exp(-u)) : u - Math.log1p(Math.exp(u));
    }

    /** d logSigmoid(u) / du = sigmoid(-u) = 1 / (1 + e^u); e^u overflowing to infinity gives 0, as it should. */
    static double dLogSigmoid(double u) {
      return 1 / (1 + Math.exp(u));
    }
  }

  /** lo <= x <= hi; outside, excluded. */
  public static final class Window extends Cut {
    private static final long serialVersionUID = 1L;
    private final double lo;
    private final double hi;

    /** With the default edge, {@link Cut#DEFAULT_WINDOW_EDGE_FRACTION} of the width. */
    public Window(String observable, double lo, double hi) {
      super(observable, defaultEdge(lo, hi), false);
      this.lo = lo;
      this.hi = hi;
    }

    /** With a soft wall of width {@code edge} for gradient-based samplers. */
    public Window(String observable, double lo, double hi, double edge) {
      super(observable, edge, true);
      this.lo = lo;
      this.hi = hi;
    }

    /** A fraction of the width; none where the width is not a finite positive number (a window of the whole axis). */
    private static double defaultEdge(double lo, double hi) {
      double w = (hi - lo) * DEFAULT_WINDOW_EDGE_FRACTION;
      return w > 0 && Double.isFinite(w) ? w : Double.NaN;
    }

    public double lo() {
      return lo;
    }

    public double hi() {
      return hi;
    }

    @Override
    public boolean passes(double x) {
      return x >= lo && x <= hi;
    }

    @Override
    protected double wall(double x, double w) {
      return logSigmoid((x - lo) / w) + logSigmoid((hi - x) / w);
    }

    @Override
    protected double dWall(double x, double w) {
      return (dLogSigmoid((x - lo) / w) - dLogSigmoid((hi - x) / w)) / w;
    }

    @Override
    public String describe() {
      return observable() + " in [" + lo + ", " + hi + "]" + describeEdge();
    }
  }

  /** x <= limit (an upper limit) or x >= limit (a lower one). */
  public static final class Limit extends Cut {
    private static final long serialVersionUID = 1L;
    private final double limit;
    private final boolean upper;

    /** Without an edge: its smooth form cannot be used. */
    public Limit(String observable, double limit, boolean upper) {
      super(observable, Double.NaN, false);
      this.limit = limit;
      this.upper = upper;
    }

    /** With a soft wall of width {@code edge} for gradient-based samplers. */
    public Limit(String observable, double limit, boolean upper, double edge) {
      super(observable, edge, true);
      this.limit = limit;
      this.upper = upper;
    }

    public double limit() {
      return limit;
    }

    public boolean isUpper() {
      return upper;
    }

    @Override
    public boolean passes(double x) {
      return upper ? x <= limit : x >= limit;
    }

    @Override
    protected double wall(double x, double w) {
      return logSigmoid((upper ? limit - x : x - limit) / w);
    }

    @Override
    protected double dWall(double x, double w) {
      double slope = dLogSigmoid((upper ? limit - x : x - limit) / w) / w;
      return upper ? -slope : slope;
    }

    @Override
    public String describe() {
      return observable() + (upper ? " <= " : " >= ") + limit + describeEdge();
    }
  }

  /** The observable is a chi-square: log-likelihood -chi2/2, in target when chi2 <= max. */
  public static final class ChiSquare extends Constraint {
    private static final long serialVersionUID = 1L;
    private final double max;

    public ChiSquare(String observable, double max) {
      super(observable);
      this.max = max;
    }

    public double max() {
      return max;
    }

    @Override
    public double logLikelihood(double x) {
      return Double.isNaN(x) ? Double.NEGATIVE_INFINITY : -0.5 * x;
    }

    /** -1/2: the log-likelihood is linear in the chi-square. */
    @Override
    public double dLogLikelihood(double x) {
      return Double.isFinite(x) ? -0.5 : 0;
    }

    @Override
    public boolean passes(double x) {
      return x <= max;
    }

    @Override
    public String describe() {
      return observable() + " is a chi-square <= " + max;
    }
  }

  /** The observable is itself a log-likelihood (e.g. gaussian-shells' logL); in target above min. */
  public static final class LogLikelihood extends Constraint {
    private static final long serialVersionUID = 1L;
    private final double min;

    public LogLikelihood(String observable, double min) {
      super(observable);
      this.min = min;
    }

    @Override
    public double logLikelihood(double x) {
      return Double.isNaN(x) ? Double.NEGATIVE_INFINITY : x;
    }

    /** 1: the observable is the log-likelihood. */
    @Override
    public double dLogLikelihood(double x) {
      return Double.isFinite(x) ? 1 : 0;
    }

    @Override
    public boolean passes(double x) {
      return x >= min;
    }

    @Override
    public String describe() {
      return observable() + " is a log-likelihood" + (min == Double.NEGATIVE_INFINITY ? "" : " >= " + min);
    }
  }
}
