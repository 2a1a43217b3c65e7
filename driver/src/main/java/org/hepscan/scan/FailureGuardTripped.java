package org.hepscan.scan;

import org.hepscan.spec.FailureGuard;

/**
 * The scan stopped because its oracle failed on (nearly) every call of a window
 * ({@link FailureGuard}). Everything evaluated is written, the failing batch included, and
 * checkpointed, so that {@code --resume} goes on once the program is fixed; no strategy has
 * learned from that batch. Not a crash of hepscan: the CLI gives it its own exit code.
 */
public final class FailureGuardTripped extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient FailureGuard.Verdict verdict;
  private final long evaluations;
  private final int iteration;

  FailureGuardTripped(FailureGuard.Verdict verdict, long evaluations, int iteration) {
    super("the failure guard stopped the scan after iteration " + iteration + ": " + verdict.describe());
    this.verdict = verdict;
    this.evaluations = evaluations;
    this.iteration = iteration;
  }

  public FailureGuard.Verdict verdict() {
    return verdict;
  }

  /** The evaluations written and checkpointed, over all runs of the scan. */
  public long evaluations() {
    return evaluations;
  }

  /** The last iteration written and checkpointed: the one that tripped the guard. */
  public int iteration() {
    return iteration;
  }
}
