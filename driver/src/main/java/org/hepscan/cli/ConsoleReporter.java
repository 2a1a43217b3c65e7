package org.hepscan.cli;

import java.time.Duration;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.hepscan.executor.OracleRunner;
import org.hepscan.scan.ScanReporter;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.IterationStats;
import org.hepscan.store.Progress;
import org.hepscan.strategy.api.History;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a user watching the terminal sees: on an interactive terminal, a progress bar over
 * oracle calls that moves as each Spark task finishes (in-target count, efficiency, ETA);
 * and, always, one log line per iteration, which is what a cluster's log keeps.
 */
final class ConsoleReporter implements ScanReporter {
  private static final Logger LOG = LoggerFactory.getLogger("org.hepscan.scan");

  private final SparkContext sc;
  private final boolean bar;
  private ProgressBar progress;
  private TaskCounter counter;
  private long targetPoints;
  private long maxEvaluations;
  private boolean keepFailed;

  ConsoleReporter(SparkContext sc, boolean bar) {
    this.sc = sc;
    this.bar = bar;
  }

  @Override
  public void started(ScanSpec spec, String output, History history) {
    LOG.info("scan {}: strategy {}, oracle {} ({} parameters, {} free), target {}; stop at {}",
        spec.name(), spec.strategyName(), spec.oracle().name(), spec.space().size(), spec.space().dimension(),
        spec.target(), spec.stop());
    LOG.info("output {}", output);
    if (history.iterations() > 0) {
      LOG.info("resuming after iteration {}: {} evaluations, {} in target", history.iterations(), history.size(), history.inTarget());
    }
    keepFailed = spec.oracle().keepFailed();
    targetPoints = spec.stop().targetPoints();
    maxEvaluations = spec.stop().maxEvaluations();
    if (bar) {
      progress = new ProgressBarBuilder()
          .setTaskName("oracle calls")
          .setInitialMax(maxEvaluations > 0 ? maxEvaluations : -1)
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(500)
          .startsFrom(history.size(), Duration.ZERO)
          .build();
      progress.setExtraMessage(extra(history));
      counter = new TaskCounter();
      sc.addSparkListener(counter);
    }
  }

  @Override
  public void iterationStarted(int iteration, int points, int slices) {
    if (counter != null) {
      counter.expect(points, slices);
    }
  }

  @Override
  public void iterationFinished(IterationStats s, History h) {
    LOG.info(String.format(Locale.ROOT,
        "iteration %d: %d points, %d in target (%.2f%%) | %s | total %d evaluations, %d in target (%.2f%%) | %s%s%s",
        s.iteration(), s.evaluations(), s.inTarget(), 100 * s.efficiency(), Progress.statuses(s.byStatus(), true),
        s.cumulativeEvaluations(), s.cumulativeInTarget(), 100.0 * h.efficiency(), timing(s),
        quality(s.modelQuality()), metrics(s.strategyMetrics())));
    long kept = s.byStatus().entrySet().stream().filter(e -> !"OK".equals(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    if (keepFailed && kept > 0) {
      LOG.info("iteration {}: kept the sandboxes of the {} calls that did not end OK, under {} of the executor that ran"
          + " each (a directory per point, point-ID-...)", s.iteration(), kept, OracleRunner.keptSandboxes());
    }
    if (progress != null) {
      // pipelined rounds: the tasks of the next batch may already have moved the bar past h
      if (h.size() > progress.getCurrent()) {
        progress.stepTo(h.size());
      }
      if (maxEvaluations == 0 && targetPoints > 0 && h.inTarget() > 0) {
        // the calls still needed at the efficiency seen so far: what the ETA is computed from
        progress.maxHint(h.size() + (long) Math.ceil(Math.max(0, targetPoints - h.inTarget()) / h.efficiency()));
      }
      progress.setExtraMessage(extra(h));
    }
  }

  @Override
  public void finished(ScanResult r) {
    if (progress != null) {
      progress.close();
      sc.removeSparkListener(counter);
    }
    History h = r.history();
    if (r.complete()) {
      LOG.info("scan complete: {}", r.stopReason());
    }
    LOG.info(String.format(Locale.ROOT, "%d evaluations, %d in target (%.2f%%), %d iterations, %.1f s; output %s",
        h.size(), h.inTarget(), 100 * h.efficiency(), h.iterations(), r.wallSeconds(), r.output()));
  }

  /**
   * "eval 30.4 s on 2 cores, 60 tasks (calls median 0.2 s, p90 0.201 s, max 0.203 s), busy 97% of
   * the job, 97% of the round, dispatch +0.21 s (0.7%), 1.40 core-s lent to the driver's jobs |
   * train 1.2 s, propose 0.3 s during the evaluation".
   */
  static String timing(IterationStats s) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "eval %.2f s on %d %s, %d tasks", s.evalSeconds(), s.cores(), s.cores() == 1 ? "core" : "cores", s.tasks()));
    if (s.callSeconds() != null && s.callSeconds().calls() > 0) {
      b.append(String.format(Locale.ROOT, " (calls median %.3g s, p90 %.3g s, max %.3g s)",
          s.callSeconds().median(), s.callSeconds().p90(), s.callSeconds().max()));
    }
    b.append(String.format(Locale.ROOT, ", busy %.0f%% of the job, %.0f%% of the round, dispatch +%.2f s (%.1f%%)",
        100 * s.executorBusyFraction(), 100 * s.roundBusyFraction(), s.dispatchOverheadSeconds(), 100 * s.dispatchOverheadFraction()));
    if (s.lentCoreSeconds() >= 0.05) {
      b.append(String.format(Locale.ROOT, ", %.2f core-s lent to the driver's jobs", s.lentCoreSeconds()));
    }
    StringBuilder d = new StringBuilder();
    if (s.trainSeconds() >= 0.05) {
      d.append(String.format(Locale.ROOT, "train %.2f s", s.trainSeconds()));
    }
    if (s.proposeSeconds() >= 0.05) {
      d.append(d.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "propose %.2f s", s.proposeSeconds()));
    }
    if (d.length() > 0) {
      b.append(" | ").append(d).append(s.trainedThrough() < s.iteration() ? " during the evaluation" : "");
    }
    return b.toString();
  }

  private static String extra(History h) {
    return String.format(Locale.ROOT, "in target %d (%.2f%%)", h.inTarget(), 100 * h.efficiency());
  }

  /** The model's out-of-sample figures worth a glance: f1 and accuracy of a classifier, mae of a regressor. */
  private static String quality(Map<String, Double> q) {
    StringBuilder b = new StringBuilder();
    for (String k : new String[] {"accuracy", "f1", "mae"}) {
      Double v = q.get(k);
      if (v != null) {
        b.append(b.length() == 0 ? " | model on this batch: " : ", ").append(String.format(Locale.ROOT, "%s %.3g", k, v));
      }
    }
    return b.toString();
  }

  private static String metrics(Map<String, Double> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(String.format(Locale.ROOT, " | %s %.3g", k.replace('_', ' '), v)));
    return b.toString();
  }

  /** Moves the bar as the tasks of an evaluation job finish, by the number of points in each task's slice. */
  private final class TaskCounter extends SparkListener {
    private final Set<Integer> stages = new HashSet<>();
    private final BitSet done = new BitSet();
    private long points;
    private int slices;

    synchronized void expect(long n, int numSlices) {
      stages.clear();
      done.clear();
      points = n;
      slices = numSlices;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart job) {
      String description = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
      if (description != null && description.startsWith("hepscan ") && description.contains(": evaluate ")) {
        scala.jdk.javaapi.CollectionConverters.asJava(job.stageIds()).forEach(id -> stages.add((Integer) id));
      }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
      if (!stages.contains(end.stageId()) || !end.taskInfo().successful()) {
        return;
      }
      int index = end.taskInfo().index();
      if (!done.get(index) && slices > 0) {
        done.set(index);
        // the slice bounds of ParallelCollectionRDD
        long from = index * points / slices;
        long to = (index + 1) * points / slices;
        progress.stepBy(to - from);
      }
    }
  }
}
