package org.hepscan.scan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The core time the driver's own jobs (training, measuring a model) take from
 * the executors while a batch is evaluated: with pipelined rounds they share the cores with
 * the oracle calls. Counted from the start and end of every task outside the evaluation
 * pool, as Spark's listener bus reports them, so that the loop can tell this useful work
 * apart from Spark's own dispatch overhead.
 */
final class LentCores extends SparkListener {
  private final String pool;
  private final Set<Integer> evaluationStages = new HashSet<>();
  /** [launch, finish] in epoch milliseconds of the tasks of other jobs, oldest first. */
  private final List<long[]> tasks = new ArrayList<>();

  LentCores(String pool) {
    this.pool = pool;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart job) {
    if (job.properties() != null && pool.equals(job.properties().getProperty("spark.scheduler.pool"))) {
      scala.jdk.javaapi.CollectionConverters.asJava(job.stageIds()).forEach(id -> evaluationStages.add((Integer) id));
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    if (!evaluationStages.contains(end.stageId()) && end.taskInfo() != null) {
      tasks.add(new long[] {end.taskInfo().launchTime(), end.taskInfo().finishTime()});
    }
  }

  /**
   * Core-seconds of other jobs' tasks within [{@code fromMillis}, {@code toMillis}]; tasks
   * that ended before {@code fromMillis} are forgotten, so ask in time order.
   */
  synchronized double between(long fromMillis, long toMillis) {
    long ms = 0;
    for (Iterator<long[]> it = tasks.iterator(); it.hasNext(); ) {
      long[] t = it.next();
      if (t[1] < fromMillis) {
        it.remove();
        continue;
      }
      ms += Math.max(0, Math.min(t[1], toMillis) - Math.max(t[0], fromMillis));
    }
    return ms / 1000.0;
  }
}
