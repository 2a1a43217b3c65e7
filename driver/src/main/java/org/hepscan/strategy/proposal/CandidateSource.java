package org.hepscan.strategy.proposal;

import java.util.SplittableRandom;
import org.hepscan.oracle.Evaluation;
import org.hepscan.strategy.api.History;

/**
 * Where candidates come from: uniform points, Gaussian jumps around the best points, SMOTE
 * points between in-target neighbours (later: a flow's samples, chain states, live points).
 * One small piece a strategy composes ({@link CandidatePool} mixes uniform and jumps); every
 * random draw from the generator passed in.
 */
@FunctionalInterface
public interface CandidateSource {

  /** Up to {@code n} candidates in the unit cube of the free parameters; fewer (even none) when the source has nothing to draw from yet. */
  double[][] draw(int n, History history, SplittableRandom rng);

  /** Uniform in the unit cube: uniform in each parameter's own scale. */
  static CandidateSource uniform() {
    return (n, history, rng) -> Candidates.uniform(n, history.space().dimension(), rng);
  }

  /**
   * Gaussian jumps around the {@code best} evaluations by log-likelihood, sigma uniform in
   * [sigmaMin, sigmaMax] per jump (fractions of each range); none before any finite likelihood.
   */
  static CandidateSource jumps(int best, double sigmaMin, double sigmaMax) {
    return (n, history, rng) -> {
      double[][] centres = CandidatePool.best(history, best);
      return centres.length == 0 ? new double[0][] : Candidates.jumps(centres, n, sigmaMin, sigmaMax, rng);
    };
  }

  /** SMOTE points between in-target neighbours ({@link Smote}); none with fewer than two in-target points. */
  static CandidateSource smote(int neighbours, boolean sparse) {
    return (n, history, rng) -> {
      double[][] inside = history.all().stream().filter(Evaluation::inTarget).map(history::unit).toArray(double[][]::new);
      return inside.length < 2 ? new double[0][] : Smote.synthesize(inside, n, neighbours, rng, sparse);
    };
  }
}
