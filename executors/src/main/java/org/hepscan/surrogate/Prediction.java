package org.hepscan.surrogate;

/**
 * What a surrogate says about a batch of points: {@code mean[i][o]} for row i and output o
 * (for a classifier, the probability of class 1); {@code std[i][o]} where the model knows
 * its own uncertainty (ensembles, forests, BNNs), else null; and {@code members[m][i][o]},
 * the value member m of a model made of members gives (an ensemble's networks, a BNN's
 * posterior draws), else null. Strategies that need more than a spread (a committee's
 * disagreement per member, a posterior predictive quantile) read the members.
 */
public record Prediction(double[][] mean, double[][] std, double[][][] members) {

  public Prediction {
    if (mean == null) {
      throw new IllegalArgumentException("a prediction needs its means");
    }
    if (std != null && std.length != mean.length) {
      throw new IllegalArgumentException(mean.length + " rows of means but " + std.length + " of std");
    }
    if (members != null) {
      for (int m = 0; m < members.length; m++) {
        if (members[m].length != mean.length) {
          throw new IllegalArgumentException("member " + m + " has " + members[m].length + " rows; the mean has "
              + mean.length);
        }
      }
    }
  }

  /** A prediction without per-member values. */
  public Prediction(double[][] mean, double[][] std) {
    this(mean, std, null);
  }

  /** Rows predicted. */
  public int size() {
    return mean.length;
  }

  /** Outputs per row (0 for no rows). */
  public int outputs() {
    return mean.length == 0 ? 0 : mean[0].length;
  }

  public boolean hasStd() {
    return std != null;
  }

  /** Members behind the mean; 0 for a model that is not made of members. */
  public int memberCount() {
    return members == null ? 0 : members.length;
  }

  /** Output {@code o} of every row. */
  public double[] column(int o) {
    return column(mean, o);
  }

  /** The std of output {@code o} of every row; a model that knows no std says so. */
  public double[] std(int o) {
    if (std == null) {
      throw new IllegalStateException("this model reports no std");
    }
    return column(std, o);
  }

  /** Output {@code o} of every row as member {@code m} predicts it. */
  public double[] member(int m, int o) {
    if (members == null) {
      throw new IllegalStateException("this model has no members");
    }
    return column(members[m], o);
  }

  private static double[] column(double[][] v, int o) {
    double[] c = new double[v.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = v[i][o];
    }
    return c;
  }
}
