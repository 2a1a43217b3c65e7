package org.hepscan.store;

import java.util.Map;

/** The figures of one iteration, as written to {@code progress.json}. */
public record IterationStats(
    int iteration,
    long evaluations,
    long inTarget,
    double efficiency,
    long cumulativeEvaluations,
    long cumulativeInTarget,
    Map<String, Long> byStatus,
    double trainSeconds,
    double evalSeconds,
    double writeSeconds,
    double executorBusyFraction,
    Map<String, Double> modelQuality,
    Map<String, Double> strategyMetrics) {
}
