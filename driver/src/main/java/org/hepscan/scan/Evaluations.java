package org.hepscan.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.hepscan.executor.OracleRunner;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.store.CallTimes;
import org.hepscan.strategy.api.SparkJobs;

/**
 * Batches on the executors as asynchronous Spark jobs (a {@code FutureAction}): each is
 * submitted from the driver's thread, labelled "hepscan SCAN iteration K: evaluate N points"
 * (a job group) and in the fair-scheduler pool {@value #POOL}, and the call returns once
 * Spark has the job, so that the driver can write, train and propose meanwhile; the driver's
 * own short jobs, which run in the default pool, then take the next core that frees instead
 * of queueing behind the whole batch. A thread of its own waits for each job, to time its end.
 *
 * <p>A batch is cut into tasks of about {@value #TASK_SECONDS} s at the call time seen in the
 * last batch (at least {@link ScanLoop#SLICES_PER_CORE} per core, at most one per point):
 * a core then frees every second or so, which is how long a driver job waits for one, and
 * a slow point holds back only its own small task.
 */
final class Evaluations implements AutoCloseable {
  static final String POOL = "hepscan-evaluate";
  static final double TASK_SECONDS = 1.0;

  private final JavaSparkContext jsc;
  private final OracleRunner runner;
  private final List<String> names;
  private final String scan;
  private final LentCores lent = new LentCores(POOL);
  private final ExecutorService waiter = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "hepscan-evaluation-waiter");
    t.setDaemon(true);
    return t;
  });

  /**
   * What came back: one evaluation per point in id order; the times of the calls the
   * executors made (not of points the driver answered itself); the job's wall time, the
   * cores and tasks it had, and when it ended.
   */
  record Result(List<Evaluation> evaluations, CallTimes calls, double seconds, int cores, int tasks, long endNanos,
                long startMillis, long endMillis) {
  }

  /** A batch on its way. */
  final class Pending {
    private final int iteration;
    private final int tasks;
    private final JavaFutureAction<List<Evaluation>> job;
    private final Future<Result> result;

    Pending(int iteration, int tasks, JavaFutureAction<List<Evaluation>> job, Future<Result> result) {
      this.iteration = iteration;
      this.tasks = tasks;
      this.job = job;
      this.result = result;
    }

    int tasks() {
      return tasks;
    }

    /** Waits for the results; a failed job's exception is rethrown as it was thrown. */
    Result await() {
      try {
        return result.get();
      } catch (InterruptedException e) {
        cancel();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while iteration " + iteration + " was evaluated", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause() instanceof ExecutionException inner && inner.getCause() != null ? inner.getCause() : e.getCause();
        if (c instanceof RuntimeException r) {
          throw r;
        }
        if (c instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("evaluating iteration " + iteration + " failed: " + c, c);
      }
    }

    /**
     * Stops the job: the driver failed while it ran, and its results could not be
     * checkpointed. Nothing of it is written; a resume evaluates the batch again.
     */
    void cancel() {
      if (job != null) {
        job.cancel(true);
      }
      result.cancel(true);
    }
  }

  Evaluations(JavaSparkContext jsc, OracleRunner runner, List<String> names, String scan) {
    this.jsc = jsc;
    this.runner = runner;
    this.names = names;
    this.scan = scan;
    jsc.sc().addSparkListener(lent);
  }

  /**
   * The core-seconds the driver's own jobs took from the executors while {@code r} ran. Ask
   * once those jobs have ended (their task ends reach the listener a moment later): with
   * pipelined rounds, when the next batch is on its way.
   */
  double lentDuring(Result r) {
    return lent.between(r.startMillis(), r.endMillis());
  }

  /** The tasks a batch of {@code n} calls of about {@code callSeconds} each is cut into on {@code cores}. */
  static int tasks(int n, int cores, double callSeconds) {
    long floor = (long) Math.max(1, cores) * ScanLoop.SLICES_PER_CORE;
    long byTime = callSeconds > 0 && Double.isFinite(callSeconds) ? (long) Math.ceil(n * callSeconds / TASK_SECONDS) : 0;
    return (int) Math.max(1, Math.min(n, Math.max(floor, byTime)));
  }

  /** The tasks {@link #submit} will cut {@code points} into. */
  int tasks(List<Point> points, double callSeconds) {
    List<Point> valid = new ArrayList<>(points.size());
    answeredHere(points, valid, new ArrayList<>());
    return valid.isEmpty() ? 0 : tasks(valid.size(), ExecutorSlots.of(jsc), callSeconds);
  }

  /**
   * Submits the evaluation of {@code points} of iteration {@code k} and returns once Spark
   * has the job; {@code callSeconds}: the typical call time so far, 0 if unknown.
   */
  Pending submit(int k, List<Point> points, double callSeconds) {
    int cores = ExecutorSlots.of(jsc);
    List<Point> valid = new ArrayList<>(points.size());
    List<Evaluation> answered = new ArrayList<>();
    answeredHere(points, valid, answered);
    int tasks = valid.isEmpty() ? 0 : tasks(valid.size(), cores, callSeconds);
    long t0 = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    JavaFutureAction<List<Evaluation>> job = null;
    if (!valid.isEmpty()) {
      String previousPool = jsc.getLocalProperty("spark.scheduler.pool");
      try (var label = SparkJobs.label(jsc.sc(), scan, k, "evaluate " + points.size() + " points")) {
        jsc.setLocalProperty("spark.scheduler.pool", POOL);
        job = runner.evaluateAsync(jsc, valid, tasks);
      } finally {
        jsc.setLocalProperty("spark.scheduler.pool", previousPool);
      }
    }
    JavaFutureAction<List<Evaluation>> submitted = job;
    Future<Result> result = waiter.submit(() -> {
      List<Evaluation> called = submitted == null ? List.of() : org.hepscan.executor.BatchResults.onePerPoint(valid, submitted.get());
      long t1 = System.nanoTime();
      List<Evaluation> out = new ArrayList<>(answered);
      out.addAll(called);
      out.sort(Comparator.comparingLong(Evaluation::id));
      return new Result(out, CallTimes.of(called.stream().mapToDouble(Evaluation::seconds).toArray()), (t1 - t0) / 1e9,
          cores, tasks, t1, startMillis, System.currentTimeMillis());
    });
    return new Pending(k, tasks, job, result);
  }

  /**
   * Sorts {@code points} into those for the oracle ({@code valid}) and those answered here:
   * a point where a derived parameter has no value (e.g. a division by zero in its
   * expression) is recorded as FAILED in {@code out}, naming the parameter, and never
   * shipped to the oracle.
   */
  private void answeredHere(List<Point> points, List<Point> valid, List<Evaluation> out) {
    for (Point p : points) {
      int bad = -1;
      for (int i = 0; i < p.size() && bad < 0; i++) {
        bad = Double.isFinite(p.value(i)) ? -1 : i;
      }
      if (bad < 0) {
        valid.add(p);
      } else {
        out.add(Evaluation.failed(p, "parameter " + names.get(bad) + " has no value here (" + p.value(bad)
            + "): its expression cannot be computed at this point; the oracle was not called").withRun(0, "driver"));
      }
    }
  }

  @Override
  public void close() {
    waiter.shutdownNow();
    jsc.sc().removeSparkListener(lent);
  }
}
