package org.hepscan.strategy.nested;

/**
 * Skilling's bookkeeping of nested sampling: the prior volume X left above the current
 * threshold, the evidence Z = sum L_i (X_(i-1) - X_i) of the dead points, and the information
 * H = integral of P log(P / prior), from which the error of log Z is sqrt(H / n).
 *
 * <p>Dead points are taken one at a time with the number of live points at their death: k
 * points removed at once from n live (a parallel batch) are the largest of n, n - 1, ...,
 * n - k + 1 uniform volumes in turn, so each shrinks log X by 1 / (live count), the expected
 * log shrinkage of the largest of that many (Henderson and Goggans 2014; PolyChord's parallel
 * scheme). Everything is kept in logs; a dead point of L = 0 (log L = -infinity: an invalid or
 * failed call) takes volume and adds nothing.
 */
public final class Evidence {
  private double logX;
  private double logZ = Double.NEGATIVE_INFINITY;
  private double information;
  private long dead;

  public Evidence() {
    this(0, Double.NEGATIVE_INFINITY, 0, 0);
  }

  public Evidence(double logX, double logZ, double information, long dead) {
    this.logX = logX;
    this.logZ = logZ;
    this.information = information;
    this.dead = dead;
  }

  /** Records a dead point of {@code logL} removed while {@code live} points were live; returns its log weight log(L dX). */
  public double addDead(double logL, int live) {
    double next = logX - 1.0 / live;
    // dX = X - X e^(-1/n) = X (1 - e^(-1/n))
    double logWeight = logL + logX + Math.log(-Math.expm1(-1.0 / live));
    logX = next;
    dead++;
    add(logWeight, logL);
    return logWeight;
  }

  private void add(double logWeight, double logL) {
    if (logWeight == Double.NEGATIVE_INFINITY || Double.isNaN(logWeight)) {
      return;
    }
    double logZNew = logAddExp(logZ, logWeight);
    // H = sum w_i/Z log L_i - log Z, updated as Skilling's eq. (with Z = 0 before)
    double old = logZ == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logZ - logZNew) * (information + logZ);
    information = Math.exp(logWeight - logZNew) * logL + old - logZNew;
    logZ = logZNew;
  }

  /** log X: the prior volume above the current threshold. */
  public double logX() {
    return logX;
  }

  /** log Z of the dead points alone. */
  public double logZ() {
    return logZ;
  }

  public double information() {
    return information;
  }

  public long dead() {
    return dead;
  }

  /**
   * The estimate with the live points added, each standing for X / n of what is left: the
   * figures a run reports (at its end, and at every checkpoint before). Returns log Z, its
   * error sqrt(H / n) and H.
   */
  public double[] withLive(double[] liveLogL) {
    Evidence e = new Evidence(logX, logZ, information, dead);
    double share = logX - Math.log(liveLogL.length);
    for (double l : liveLogL) {
      e.add(l + share, l);
    }
    double h = Math.max(0, e.information);
    return new double[] {e.logZ, Math.sqrt(h / liveLogL.length), h};
  }

  /** log(e^a + e^b), exact where either is -infinity. */
  public static double logAddExp(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double hi = Math.max(a, b);
    return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
  }

  /** log of the evidence the live points could still add at most: log(L_max X). */
  public double logRemaining(double maxLiveLogL) {
    return maxLiveLogL + logX;
  }
}
