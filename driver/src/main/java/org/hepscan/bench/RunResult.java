package org.hepscan.bench;

import java.util.Map;

/**
 * What one run of a bench gave: a row of bench.csv. A failed run has {@code ok} false, its
 * message, and whatever counts were known (zeros otherwise).
 *
 * @param figures the benchmark's figure columns (efficiency at N, coverage); null values are blank cells
 * @param note    why the run stands out (a safety cap hit, the failure), or empty
 */
public record RunResult(
    String benchmark,
    String strategy,
    long seed,
    boolean ok,
    long calls,
    long inTarget,
    int iterations,
    Map<String, Double> figures,
    double wallSeconds,
    String stopReason,
    String output,
    String note) {

  public static RunResult failed(String benchmark, String strategy, long seed, String output, double wallSeconds, String message) {
    return new RunResult(benchmark, strategy, seed, false, 0, 0, 0, Map.of(), wallSeconds, "", output, message);
  }
}
