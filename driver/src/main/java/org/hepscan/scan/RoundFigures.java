package org.hepscan.scan;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Status;
import org.hepscan.store.CallTimes;
import org.hepscan.store.IterationStats;
import org.hepscan.strategy.api.History;

/** The figures of one round for progress.json and the log (see {@link IterationStats} for what each means). */
final class RoundFigures {
  private RoundFigures() {
  }

  /** What the loop measured of a round, beside the evaluations and the job. */
  record Times(double roundSeconds, double proposeSeconds, double trainSeconds, int trainedThrough, double writeSeconds,
               double lentCoreSeconds) {
  }

  static IterationStats of(int k, List<Evaluation> batch, History h, Evaluations.Result job, Times t,
                           Map<String, Double> quality, Map<String, Double> metrics) {
    long in = batch.stream().filter(Evaluation::inTarget).count();
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    for (Evaluation e : batch) {
      counts.merge(e.status(), 1L, Long::sum);
    }
    CallTimes calls = job.calls();
    int cores = job.cores();
    double ideal = cores > 0 ? Math.max((calls.sum() + t.lentCoreSeconds()) / cores, calls.max()) : 0;
    double overhead = calls.calls() == 0 ? 0 : Math.max(0, job.seconds() - ideal);
    return new IterationStats(k, batch.size(), in, batch.isEmpty() ? 0 : (double) in / batch.size(),
        h.size(), h.inTarget(), names(counts),
        cores, job.tasks(), job.seconds(), calls,
        fraction(calls.sum(), job.seconds() * cores), t.lentCoreSeconds(), overhead, ideal > 0 ? overhead / ideal : 0,
        t.roundSeconds(), fraction(calls.sum(), t.roundSeconds() * cores),
        t.proposeSeconds(), t.trainSeconds(), t.trainedThrough(), t.writeSeconds(),
        finite(quality), finite(metrics));
  }

  private static double fraction(double part, double whole) {
    return whole > 0 ? Math.min(1.0, part / whole) : 0;
  }

  /** The finite entries: JSON has no NaN, and a figure that could not be computed is better left out. */
  static Map<String, Double> finite(Map<String, Double> figures) {
    Map<String, Double> m = new LinkedHashMap<>();
    figures.forEach((key, v) -> {
      if (v != null && Double.isFinite(v)) {
        m.put(key, v);
      }
    });
    return m;
  }

  static Map<String, Long> names(Map<Status, Long> counts) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Status s : Status.values()) {
      m.put(s.name(), counts.getOrDefault(s, 0L));
    }
    return m;
  }
}
