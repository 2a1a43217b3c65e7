package org.hepscan.strategy.proposal;

import java.util.SplittableRandom;

/**
 * How a strategy turns a scored pool into (part of) a batch: one small piece a strategy
 * composes with others (dnnc: an inside rule, then an outside rule on what is left). The
 * named rules are in {@link SelectionRules}.
 */
@FunctionalInterface
public interface SelectionRule {

  /**
   * Indices of at most {@code n} candidates of {@code pool}, none already taken; every random
   * draw from {@code rng}. The caller marks them taken if a later rule must skip them.
   */
  int[] select(ScoredPool pool, int n, SplittableRandom rng);
}
