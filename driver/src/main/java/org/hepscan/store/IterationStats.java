package org.hepscan.store;

import java.util.Map;

/**
 * The figures of one iteration, as written to {@code progress.json}.
 *
 * <p>Times, in seconds, as the driver measured them:
 * <ul>
 * <li>{@code evalSeconds}: the wall time of the evaluation job, from submission to the last
 *     result; {@code cores} and {@code tasks}: the task slots it had and the tasks it was cut into;
 * <li>{@code callSeconds}: the oracle calls' own times (sum and distribution);
 * <li>{@code executorBusyFraction}: callSeconds.sum / (evalSeconds x cores), how busy the
 *     cores were while the job ran;
 * <li>{@code lentCoreSeconds}: the core time the driver's own jobs (training,
 *     measuring a model) took from the executors while the job ran (with pipelined rounds);
 * <li>{@code dispatchOverheadSeconds}: evalSeconds minus the ideal time, max((callSeconds.sum
 *     + lentCoreSeconds) / cores, the longest call): what Spark's dispatch cost, i.e. task
 *     launch, shipping points and results, and uneven slices; {@code dispatchOverheadFraction}
 *     is that over the ideal time;
 * <li>{@code roundSeconds}: from the end of the previous evaluation (or the start of this run)
 *     to the end of this one; {@code roundBusyFraction}: callSeconds.sum / (roundSeconds x
 *     cores). Below {@code executorBusyFraction} by the time the executors waited for the
 *     driver between jobs;
 * <li>{@code proposeSeconds} and {@code trainSeconds}: the driver's proposal and training of
 *     this round, done while this batch was evaluated when the rounds are pipelined (the
 *     proposal of the next batch, training on the data through {@code trainedThrough} = this
 *     iteration - 1), before and after it when not (this batch's proposal, training through
 *     this iteration); {@code writeSeconds}: writing this batch's rows.
 * </ul>
 */
public record IterationStats(
    int iteration,
    long evaluations,
    long inTarget,
    double efficiency,
    long cumulativeEvaluations,
    long cumulativeInTarget,
    Map<String, Long> byStatus,
    int cores,
    int tasks,
    double evalSeconds,
    CallTimes callSeconds,
    double executorBusyFraction,
    double lentCoreSeconds,
    double dispatchOverheadSeconds,
    double dispatchOverheadFraction,
    double roundSeconds,
    double roundBusyFraction,
    double proposeSeconds,
    double trainSeconds,
    int trainedThrough,
    double writeSeconds,
    Map<String, Double> modelQuality,
    Map<String, Double> strategyMetrics) {
}
