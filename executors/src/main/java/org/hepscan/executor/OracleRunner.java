package org.hepscan.executor;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a batch of points with the oracle on the executors, in one Spark job.
 *
 * <p>The batch is cut into a few slices per core of the cluster (not one task per point:
 * task overhead would dominate cheap oracles; not one per executor: one slow point would
 * hold back a whole executor's share). Each executor JVM creates the oracle once and
 * keeps it for later batches. Every call ends as an {@link Evaluation}: a failing point
 * never fails the task, so Spark retries a task only when its executor is lost, and the
 * result of a retry is the same because it depends only on the points.
 *
 * <p>A task may run more than once: again after its executor was lost, or beside a
 * speculative copy when it straggles. The results are collected to the driver, which keeps
 * one evaluation per point id ({@link BatchResults}), and only then written; the attempts
 * themselves write nothing but their sandboxes, which are their own.
 */
public final class OracleRunner implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(OracleRunner.class);

  /** One oracle per runner per JVM, shared by the task threads of that JVM. */
  private static final Map<String, Oracle> ORACLES = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(OracleRunner::closeAll, "hepscan-oracle-close"));
  }

  private final OracleFactory factory;
  private final Duration timeout;
  private final int slicesPerCore;
  private final boolean keepFailed;
  private final String key = UUID.randomUUID().toString();

  public OracleRunner(OracleFactory factory, Duration timeout, int slicesPerCore) {
    this(factory, timeout, slicesPerCore, false);
  }

  /**
   * @param keepFailed keep the sandboxes of calls that end INVALID, FAILED or TIMEOUT, for
   *                   debugging, under {@link #keptSandboxes()} of each executor; the
   *                   sandboxes of OK calls are removed as always
   */
  public OracleRunner(OracleFactory factory, Duration timeout, int slicesPerCore, boolean keepFailed) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.factory = factory;
    this.timeout = timeout;
    this.slicesPerCore = Math.max(1, slicesPerCore);
    this.keepFailed = keepFailed;
  }

  public OracleFactory factory() {
    return factory;
  }

  /** The number of tasks a batch of {@code n} points is cut into on a cluster of {@code cores}. */
  public int slices(int n, int cores) {
    return Math.max(1, Math.min(n, Math.max(1, cores) * slicesPerCore));
  }

  /**
   * Evaluates {@code batch} and returns one evaluation per point, ordered by point id.
   * The job runs with {@code description} so that the Spark UI says what it is.
   */
  public List<Evaluation> evaluate(JavaSparkContext sc, List<Point> batch, String description) {
    if (batch.isEmpty()) {
      return List.of();
    }
    int slices = slices(batch.size(), sc.defaultParallelism());
    sc.setJobDescription(description);
    try {
      List<Evaluation> returned = sc.parallelize(batch, slices)
          .mapPartitions(this::evaluatePartition)
          .collect();
      return BatchResults.onePerPoint(batch, returned);
    } finally {
      sc.setJobDescription(null);
    }
  }

  /**
   * Starts evaluating {@code batch} in {@code slices} tasks (at most one per point) and
   * returns at once: the job is submitted, with this thread's job group, description and
   * scheduler pool, before this returns. Its results come in no particular order.
   */
  public JavaFutureAction<List<Evaluation>> evaluateAsync(JavaSparkContext sc, List<Point> batch, int slices) {
    int n = Math.max(1, Math.min(slices, batch.size()));
    return sc.parallelize(batch, n).mapPartitions(this::evaluatePartition).collectAsync();
  }

  /**
   * Executor side: evaluates the points of one slice in turn. An oracle that cannot even
   * start (a missing binary, a bad path in the spec) fails the task: that is a problem
   * of the installation, not an answer about the points, so Spark retries the task
   * (elsewhere, on a cluster) and the scan stops with the reason if it keeps failing.
   */
  Iterator<Evaluation> evaluatePartition(Iterator<Point> points) throws InterruptedException {
    String executor = executorId();
    Path owned = sandboxRoot(); // in either mode: it also removes the sandboxes dead JVMs left
    Path root = keepFailed ? keptSandboxes() : owned;
    Oracle oracle;
    try {
      oracle = oracle();
    } catch (Exception e) {
      throw new IllegalStateException("the oracle " + factory.name() + " could not start on executor " + executor
          + ": " + OracleCall.describe(e), e);
    }
    List<Point> slice = new ArrayList<>();
    points.forEachRemaining(slice::add);
    return evaluate(oracle, slice, root, executor).iterator();
  }

  /**
   * Evaluates {@code points} in turn where it is called, each in its own sandbox under
   * {@code sandboxRoot}, and returns their evaluations in the same order: a task's slice,
   * and the path tests and single-JVM tools (the call-overhead bench) take.
   */
  public List<Evaluation> evaluate(Oracle oracle, List<Point> points, Path sandboxRoot, String executor) throws InterruptedException {
    return OracleCall.run(oracle, points,
        p -> new SandboxContext(sandboxRoot, "point-" + p.id(), timeout, LOG, keepFailed), factory.observables(), executor);
  }

  /** Evaluates one point where it is called; also used directly by tests. */
  public Evaluation evaluateOne(Oracle oracle, Point point, Path sandboxRoot, String executor) throws InterruptedException {
    return evaluate(oracle, List.of(point), sandboxRoot, executor).get(0);
  }

  /** This JVM's oracle for this runner, created on first use. */
  public Oracle oracle() throws Exception {
    Oracle o = ORACLES.get(key);
    if (o != null) {
      return o;
    }
    synchronized (ORACLES) {
      o = ORACLES.get(key);
      if (o == null) {
        o = factory.create();
        ORACLES.put(key, o);
      }
      return o;
    }
  }

  /** Closes this runner's oracle in this JVM (the driver's, in local mode). */
  public void close() {
    Oracle o = ORACLES.remove(key);
    if (o != null) {
      try {
        o.close();
      } catch (Exception e) {
        LOG.warn("closing oracle {} failed: {}", factory.name(), e.toString());
      }
    }
  }

  private static void closeAll() {
    for (String k : new ArrayList<>(ORACLES.keySet())) {
      Oracle o = ORACLES.remove(k);
      try {
        o.close();
      } catch (Exception e) {
        // the JVM is going away; nothing left to tell
      }
    }
  }

  private static String executorId() {
    SparkEnv env = SparkEnv.get();
    return env == null ? "local" : env.executorId();
  }

  /**
   * Where an executor keeps failed sandboxes: {@code hepscan-kept-sandboxes} under its
   * {@code java.io.tmpdir} (set it with
   * {@code spark.executor.extraJavaOptions=-Djava.io.tmpdir=/scratch/...}), not under
   * Spark's per-application directory, which Spark removes when the application ends.
   */
  public static Path keptSandboxes() {
    return Paths.get(System.getProperty("java.io.tmpdir"), "hepscan-kept-sandboxes");
  }

  /**
   * This JVM's sandbox directory ({@link SandboxRoot}), after removing those of JVMs on
   * this machine that died without cleaning up (a SIGKILLed executor's): each task looks,
   * so a lost executor's sandboxes go as soon as any executor on its machine runs a task.
   * Should this JVM be unable to own a directory, its sandboxes go directly under the base
   * and are only removed call by call.
   */
  static Path sandboxRoot() {
    try {
      SandboxRoot r = SandboxRoot.ofThisJvm();
      r.removeDead();
      return r.dir();
    } catch (IOException e) {
      if (!warnedUnowned) {
        warnedUnowned = true;
        LOG.warn("cannot make an owned sandbox directory under {} ({}); sandboxes of calls interrupted by the death"
            + " of this JVM will not be cleaned up", SandboxRoot.defaultBase(), e.toString());
      }
      return SandboxRoot.defaultBase();
    }
  }

  private static volatile boolean warnedUnowned;
}
