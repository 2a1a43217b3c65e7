package org.hepscan.strategy.proposal;

/**
 * A candidate pool as the selection rules see it: the candidates (unit cube), one score each
 * (a probability of being in target, a predicted log-likelihood), the models' std where they
 * have one (else null), which candidates earlier rules already took, and the in-target points
 * found so far (for rules that look at where the sample is thin; may be null).
 */
public record ScoredPool(double[][] x, double[] score, double[] std, boolean[] taken, double[][] found) {

  public static ScoredPool of(double[][] x, double[] score) {
    return new ScoredPool(x, score, null, new boolean[x.length], null);
  }

  public int size() {
    return x.length;
  }

  /** Marks {@code idx} as taken, so that the next rule passes them over. */
  public void take(int[] idx) {
    for (int i : idx) {
      taken[i] = true;
    }
  }
}
