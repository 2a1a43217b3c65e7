package org.hepscan.target;

import java.io.Serializable;

/**
 * A rule on one observable. It gives a log-likelihood (0 at best, -infinity where the
 * rule excludes the value outright) and a pass/fail verdict; a {@link Target} combines
 * several by adding log-likelihoods and AND-ing verdicts. A NaN value never passes.
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

    @Override
    public boolean passes(double x) {
      return Math.abs(x - mean) < maxChi * sigma;
    }

    @Override
    public String describe() {
      return observable() + " = " + mean + " +- " + sigma + " (within " + maxChi + " sigma)";
    }
  }

  /** A hard cut: log-likelihood 0 where it passes, -infinity (excluded) where it does not. */
  public abstract static class Cut extends Constraint {
    private static final long serialVersionUID = 1L;

    protected Cut(String observable) {
      super(observable);
    }

    @Override
    public final double logLikelihood(double x) {
      return passes(x) ? 0 : Double.NEGATIVE_INFINITY;
    }
  }

  /** lo <= x <= hi; outside, excluded. */
  public static final class Window extends Cut {
    private static final long serialVersionUID = 1L;
    private final double lo;
    private final double hi;

    public Window(String observable, double lo, double hi) {
      super(observable);
      this.lo = lo;
      this.hi = hi;
    }

    @Override
    public boolean passes(double x) {
      return x >= lo && x <= hi;
    }

    @Override
    public String describe() {
      return observable() + " in [" + lo + ", " + hi + "]";
    }
  }

  /** x <= limit (an upper limit) or x >= limit (a lower one). */
  public static final class Limit extends Cut {
    private static final long serialVersionUID = 1L;
    private final double limit;
    private final boolean upper;

    public Limit(String observable, double limit, boolean upper) {
      super(observable);
      this.limit = limit;
      this.upper = upper;
    }

    @Override
    public boolean passes(double x) {
      return upper ? x <= limit : x >= limit;
    }

    @Override
    public String describe() {
      return observable() + (upper ? " <= " : " >= ") + limit;
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
