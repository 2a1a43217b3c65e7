package org.hepscan.executor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the driver keeps of a batch's returned evaluations: exactly one per point, by id.
 *
 * <p>Spark already takes one result per task: the first attempt to succeed, whether the
 * task ran once, again after its executor was lost, or beside a speculative copy (the other
 * attempts are killed and their results dropped). This check holds the scan to that
 * whatever path the results took: a second evaluation of a point is dropped (the first
 * answer wins), and a point without one stops the scan instead of being lost silently.
 */
public final class BatchResults {
  private static final Logger LOG = LoggerFactory.getLogger(BatchResults.class);

  private BatchResults() {
  }

  /** One evaluation per point of {@code batch}, the first of {@code returned} for each id, ordered by id. */
  public static List<Evaluation> onePerPoint(List<Point> batch, List<Evaluation> returned) {
    Set<Long> asked = new HashSet<>();
    for (Point p : batch) {
      asked.add(p.id());
    }
    Map<Long, Evaluation> first = new LinkedHashMap<>();
    int repeats = 0;
    List<Long> foreign = new ArrayList<>();
    for (Evaluation e : returned) {
      if (!asked.contains(e.id())) {
        foreign.add(e.id());
      } else if (first.putIfAbsent(e.id(), e) != null) {
        repeats++;
      }
    }
    if (!foreign.isEmpty()) {
      throw new IllegalStateException("the evaluation job returned points that were not in the batch: ids " + sample(foreign));
    }
    if (first.size() < asked.size()) {
      List<Long> missing = new ArrayList<>();
      for (Point p : batch) {
        if (!first.containsKey(p.id())) {
          missing.add(p.id());
        }
      }
      throw new IllegalStateException("the evaluation job returned no evaluation for " + missing.size() + " of "
          + batch.size() + " points: ids " + sample(missing));
    }
    if (repeats > 0) {
      LOG.warn("{} points of a batch of {} came back more than once; the first evaluation of each was kept", repeats, batch.size());
    }
    List<Evaluation> out = new ArrayList<>(first.values());
    out.sort(Comparator.comparingLong(Evaluation::id));
    return out;
  }

  private static String sample(List<Long> ids) {
    List<Long> sorted = new ArrayList<>(ids);
    sorted.sort(Comparator.naturalOrder());
    return sorted.size() <= 10 ? sorted.toString() : sorted.subList(0, 10) + " and " + (sorted.size() - 10) + " more";
  }
}
