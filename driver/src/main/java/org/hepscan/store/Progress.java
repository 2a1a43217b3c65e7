package org.hepscan.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code progress.json}: what a user, a report or {@code hepscan status} reads to know how a
 * scan is going, without Spark.
 *
 * @param complete true once a stop rule of the spec, or the strategy itself, ended the scan
 * @param stopReason ({@code "stop_reason"}) why it ended: a stop rule, or the strategy's own
 *     reason (e.g. "the remaining evidence is below dlogz"); null while it is not complete
 * @param results the strategy's results ({@code Strategy.results()}, e.g. {@code log_z}) as of
 *     the latest checkpoint, or at the end; empty for strategies without any (and in files
 *     written before hepscan had results)
 * @param start where the start rows came from ({@code strategy.start_from}): the source, its
 *     SHA-256 (of its spec.yaml for an output, of the file for a CSV), how many rows, how many
 *     in target, how many left out as outside the space, and any oracle difference accepted
 *     with --force-start-from; null for a scan without
 */
public record Progress(
    String scan,
    String strategy,
    String oracle,
    long seed,
    boolean complete,
    String stopReason,
    Totals totals,
    Map<String, Object> results,
    List<IterationStats> iterations,
    StartRows.Provenance start) {

  /**
   * Totals over all iterations so far. {@code callSeconds}: the oracle calls' time summed;
   * {@code executorBusyFraction}: that over (wallSeconds x the cores of the latest
   * iteration), how busy the executors were over the scan's whole wall time.
   */
  public record Totals(long evaluations, long inTarget, double efficiency, Map<String, Long> byStatus, double wallSeconds,
                       double callSeconds, double executorBusyFraction) {

    public static Totals of(long evaluations, long inTarget, Map<String, Long> byStatus, double wallSeconds,
                            List<IterationStats> iterations) {
      double calls = 0;
      for (IterationStats s : iterations) {
        calls += s.callSeconds() == null ? 0 : s.callSeconds().sum();
      }
      int cores = iterations.isEmpty() ? 0 : iterations.get(iterations.size() - 1).cores();
      return new Totals(evaluations, inTarget, evaluations == 0 ? 0 : (double) inTarget / evaluations, byStatus, wallSeconds,
          calls, wallSeconds > 0 && cores > 0 ? Math.min(1.0, calls / (wallSeconds * cores)) : 0);
    }
  }

  public Progress {
    iterations = iterations == null ? List.of() : List.copyOf(iterations);
    // kept in the strategy's order; a copy, so that the strategy's later changes do not show
    results = results == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(results));
  }

  public Progress with(boolean isComplete, String reason, Totals newTotals, List<IterationStats> newIterations) {
    return with(isComplete, reason, newTotals, results, newIterations);
  }

  public Progress with(boolean isComplete, String reason, Totals newTotals, Map<String, Object> newResults,
                       List<IterationStats> newIterations) {
    return new Progress(scan, strategy, oracle, seed, isComplete, reason, newTotals, newResults, newIterations, start);
  }

  /** The same with the provenance of the start rows. */
  public Progress withStart(StartRows.Provenance provenance) {
    return new Progress(scan, strategy, oracle, seed, complete, stopReason, totals, results, iterations, provenance);
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

  /**
   * The same scan as its checkpoint of iteration {@code k} sees it: iterations after k
   * (written by a run killed before it could checkpoint them) left out of the list and
   * the totals.
   */
  public Progress upTo(int k) {
    List<IterationStats> kept = iterationsUpTo(k);
    if (kept.size() == iterations.size()) {
      return this;
    }
    Map<String, Long> byStatus = new java.util.LinkedHashMap<>();
    for (IterationStats s : kept) {
      s.byStatus().forEach((status, n) -> byStatus.merge(status, n, Long::sum));
    }
    IterationStats last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
    long evaluations = last == null ? 0 : last.cumulativeEvaluations();
    long in = last == null ? 0 : last.cumulativeInTarget();
    Totals t = Totals.of(evaluations, in, byStatus, totals == null ? 0 : totals.wallSeconds(), kept);
    // the results stay those last written: at most a round ahead of the checkpoint
    return new Progress(scan, strategy, oracle, seed, false, null, t, results, kept, start);
  }

  /** "OK 95, INVALID 5": the counts by status, leaving out zeros when {@code skipZero}. */
  public static String statuses(Map<String, Long> byStatus, boolean skipZero) {
    StringBuilder b = new StringBuilder();
    byStatus.forEach((k, v) -> {
      if (v > 0 || !skipZero) {
        b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
      }
    });
    return b.toString();
  }

  public void save(ScanOutput out) throws IOException {
    out.writeAtomically(out.progress(), Json.MAPPER.writeValueAsString(this));
  }

  public static Optional<Progress> load(ScanOutput out) throws IOException {
    Optional<String> text = out.readIfExists(out.progress());
    return text.isEmpty() ? Optional.empty() : Optional.of(Json.MAPPER.readValue(text.get(), Progress.class));
  }
}
