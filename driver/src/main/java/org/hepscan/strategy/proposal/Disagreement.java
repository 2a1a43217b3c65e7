package org.hepscan.strategy.proposal;

import java.util.List;
import org.hepscan.surrogate.Prediction;

/**
 * How much a committee disagrees about each candidate's class (papers/002 sec. 3.1): the
 * members are an ensemble's networks, a Bayesian network's sampled networks or the passes
 * of MC dropout, each giving a probability of being in target.
 *
 * <ul>
 *   <li>{@code std}: the spread of the members' probabilities (the prediction's std), the
 *       measure papers/002 names for query by committee;
 *   <li>{@code vote-entropy}: each member votes in target when its probability reaches the
 *       threshold; the entropy of the vote share (bits), largest when the committee splits
 *       evenly. Few members give few distinct values, so ties are broken by the std.
 * </ul>
 */
public enum Disagreement {
  STD("std"),
  VOTE_ENTROPY("vote-entropy");

  public static final List<String> NAMES = List.of("std", "vote-entropy");

  private final String key;

  Disagreement(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Disagreement of(String name) {
    for (Disagreement d : values()) {
      if (d.key.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown disagreement '" + name + "'; known: " + String.join(", ", NAMES));
  }

  /** The disagreement about output 0 of each row of {@code p}; larger is less sure. */
  public double[] of(Prediction p, double threshold) {
    if (!p.hasStd()) {
      throw new IllegalStateException("a committee's disagreement needs a model with a spread: an ensemble"
          + " (model: {ensemble: 5}), a Bayesian network (model: {type: bnn}) or MC dropout");
    }
    double[] std = p.std(0);
    if (this == STD) {
      return std;
    }
    int m = p.memberCount();
    if (m < 2) {
      throw new IllegalStateException("vote entropy needs the committee's members; this model gives " + m);
    }
    double[] h = new double[p.size()];
    for (int i = 0; i < h.length; i++) {
      int in = 0;
      for (int k = 0; k < m; k++) {
        in += p.members()[k][i][0] >= threshold ? 1 : 0;
      }
      double v = (double) in / m;
      double e = v <= 0 || v >= 1 ? 0 : -(v * Math.log(v) + (1 - v) * Math.log(1 - v)) / Math.log(2);
      // the std, below one vote's step of entropy, orders the candidates of equal entropy
      h[i] = e + Math.min(std[i], 0.5) * 1e-3;
    }
    return h;
  }
}
