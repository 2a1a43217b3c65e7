package org.hepscan.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code progress.json}: what a user, a report or {@code hepscan status} reads to know how a
 * scan is going, without Spark.
 */
public record Progress(
    String scan,
    String strategy,
    String oracle,
    long seed,
    boolean complete,
    String stopReason,
    Totals totals,
    List<IterationStats> iterations) {

  /** Totals over all iterations so far. */
  public record Totals(long evaluations, long inTarget, double efficiency, Map<String, Long> byStatus, double wallSeconds) {
  }

  public Progress {
    iterations = iterations == null ? List.of() : List.copyOf(iterations);
  }

  public Progress with(boolean isComplete, String reason, Totals newTotals, List<IterationStats> newIterations) {
    return new Progress(scan, strategy, oracle, seed, isComplete, reason, newTotals, newIterations);
  }

  /** The iterations up to {@code k}, for a scan resumed from the checkpoint of iteration k. */
  public List<IterationStats> iterationsUpTo(int k) {
    List<IterationStats> l = new ArrayList<>();
    for (IterationStats s : iterations) {
      if (s.iteration() <= k) {
        l.add(s);
      }
    }
    return l;
  }

  public void save(ScanOutput out) throws IOException {
    out.writeAtomically(out.progress(), Json.MAPPER.writeValueAsString(this));
  }

  public static Optional<Progress> load(ScanOutput out) throws IOException {
    Optional<String> text = out.readIfExists(out.progress());
    return text.isEmpty() ? Optional.empty() : Optional.of(Json.MAPPER.readValue(text.get(), Progress.class));
  }
}
