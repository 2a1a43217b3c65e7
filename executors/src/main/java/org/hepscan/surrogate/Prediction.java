package org.hepscan.surrogate;

/**
 * What a surrogate says about a batch of points: {@code mean[i][o]} for row i and output o
 * (for a classifier, the probability of class 1), and {@code std[i][o]} where the model
 * knows its own uncertainty (ensembles, BNNs), else null.
 */
public record Prediction(double[][] mean, double[][] std) {

  public int size() {
    return mean.length;
  }

  /** Output {@code o} of every row. */
  public double[] column(int o) {
    double[] c = new double[mean.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = mean[i][o];
    }
    return c;
  }
}
