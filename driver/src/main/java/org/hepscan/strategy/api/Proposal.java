package org.hepscan.strategy.api;

import java.util.ArrayList;
import java.util.List;

/** A point a strategy wants evaluated: unit-cube coordinates of the free parameters and how it was chosen. */
public record Proposal(double[] unit, String origin) {

  /** The candidates at {@code idx} of {@code pool} (copied), all labelled {@code origin}. */
  public static List<Proposal> all(double[][] pool, int[] idx, String origin) {
    List<Proposal> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(new Proposal(pool[i].clone(), origin));
    }
    return out;
  }
}
