package org.hepscan.scan;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;

/**
 * The task slots a cluster has now: the cores of its live executors, as the scheduler
 * announced them. Spark's {@code defaultParallelism} is no count of them on a cluster: it is
 * at least 2 (a single 1-core executor showed as 2 cores in progress.json, and its busy and
 * dispatch figures were computed for twice the slots), and {@code spark.default.parallelism}
 * replaces it altogether. Registered through {@code spark.extraListeners}
 * ({@link SparkSessions#configure}), so it hears of every executor from the first; in local
 * mode, where the driver runs the tasks, {@code defaultParallelism} is the thread count and is
 * used as it is.
 */
public final class ExecutorSlots extends SparkListener {
  /** The listener of the SparkContext started last in this JVM (one runs at a time). */
  private static volatile ExecutorSlots current;

  private final Map<String, Integer> cores = new ConcurrentHashMap<>();

  public ExecutorSlots() {
    current = this;
  }

  @Override
  public void onExecutorAdded(SparkListenerExecutorAdded added) {
    if (!"driver".equals(added.executorId())) {
      cores.put(added.executorId(), added.executorInfo().totalCores());
    }
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
    cores.remove(removed.executorId());
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    cores.clear();
  }

  /** The cores of the executors live now; 0 before the first has registered. */
  int total() {
    return cores.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * How many tasks {@code jsc} runs at once: the thread count in local mode, else the live
   * executors' cores, or {@code defaultParallelism} while none has registered (a job then
   * waits for them anyway).
   */
  public static int of(JavaSparkContext jsc) {
    ExecutorSlots listener = current;
    int seen = listener == null || jsc.sc().isLocal() ? 0 : listener.total();
    return seen > 0 ? seen : jsc.defaultParallelism();
  }
}
