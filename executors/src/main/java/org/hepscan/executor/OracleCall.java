package org.hepscan.executor;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;

/**
 * Guarded oracle calls: run on a separate thread so that a call can be abandoned at its
 * timeout, with every way of going wrong (exception, error, hang, null, NaN, missing or
 * infinite observables) turned into an {@link Evaluation} with a status and a message.
 */
final class OracleCall {
  private static final AtomicInteger THREADS = new AtomicInteger();
  // Daemon threads: a call that ignores interruption must not keep the executor JVM alive.
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hepscan-oracle-call-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private OracleCall() {
  }

  /**
   * Calls still running after their timeout in this JVM: each holds a thread (and, for an
   * oracle that ignores interruption, whatever it started) until it ends by itself.
   */
  private static final AtomicInteger ABANDONED = new AtomicInteger();
  private static final int RUNNING = 0;
  private static final int DONE = 1;
  private static final int GIVEN_UP = 2;

  static int abandoned() {
    return ABANDONED.get();
  }

  /**
   * How long a call interrupted at its timeout gets to end by itself (kill its programs,
   * remove its sandbox) before its TIMEOUT is returned: as long again as its timeout,
   * between 1 and 5 s. Without it the next call, or the caller looking at the sandboxes,
   * would race the clean-up of this one, which on a busy machine takes a while. A call
   * that ignores interruption is abandoned after it.
   */
  static Duration endGrace(Duration timeout) {
    Duration min = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(5);
    return timeout.compareTo(min) < 0 ? min : timeout.compareTo(max) > 0 ? max : timeout;
  }

  /**
   * Calls the oracle on {@code points} in turn and returns their evaluations in the same
   * order, each with its time and {@code executor}. The calls run one after the other on
   * one call thread, not a thread hand-off per call: the waiting thread wakes only at the
   * deadline of the call in progress or when all are done, which keeps hepscan's cost per
   * call small next to a fast external code (the call-overhead bench section).
   *
   * <p>A call past its timeout is given up: the call thread is interrupted and given
   * {@link #endGrace} to end (kill its programs, remove its sandbox), its point gets a
   * TIMEOUT, and the points after it go on a fresh call thread, so a call that ignores
   * interruption holds only its own thread. The sandbox of each call is removed (or kept,
   * see {@link SandboxContext#cleanUp}) by the call's own thread when the call ends, so a
   * call abandoned at its timeout never has its working directory deleted under it, and
   * the decision knows the call's final status: what the checks made of its result, or
   * TIMEOUT for a call that was given up on.
   *
   * @throws InterruptedException when the calling thread is interrupted (Spark stops the
   *     task): the call in progress is interrupted and its sandbox removed whatever it
   *     became, since no answer of it is kept
   */
  static List<Evaluation> run(Oracle oracle, List<Point> points, Function<Point, SandboxContext> contexts,
      List<String> observables, String executor) throws InterruptedException {
    Evaluation[] out = new Evaluation[points.size()];
    int from = 0;
    while (from < points.size()) {
      Sequence s = new Sequence(oracle, points, from, contexts, observables, executor, out);
      from = s.await(POOL.submit(s));
    }
    return Arrays.asList(out);
  }

  /** The calls of one run from {@code from} on, made by one call thread until one is given up. */
  private static final class Sequence implements Runnable {
    /** How long to wait before the first call has started (its thread is being made) and looking again. */
    private static final long NOT_STARTED_WAIT = TimeUnit.MILLISECONDS.toNanos(10);
    private final Oracle oracle;
    private final List<Point> points;
    private final int from;
    private final Function<Point, SandboxContext> contexts;
    private final List<String> observables;
    private final String executor;
    private final Evaluation[] out;
    /** The call in progress, as the waiting thread sees it; null until the first starts. */
    private volatile Call current;
    /** The task itself is being stopped: no call starts, and no answer of the one under way is kept. */
    private volatile boolean stopped;
    private final CountDownLatch finished = new CountDownLatch(1);

    Sequence(Oracle oracle, List<Point> points, int from, Function<Point, SandboxContext> contexts,
        List<String> observables, String executor, Evaluation[] out) {
      this.oracle = oracle;
      this.points = points;
      this.from = from;
      this.contexts = contexts;
      this.observables = observables;
      this.executor = executor;
      this.out = out;
    }

    @Override
    public void run() {
      try {
        for (int k = from; k < points.size() && !stopped; k++) {
          Point point = points.get(k);
          Call c = new Call(k, point, contexts.apply(point));
          current = c;
          Evaluation e = c.run(oracle, observables, this);
          if (e == null) {
            return; // given up or cancelled: the waiting thread answers for this point and goes on without this thread
          }
          out[k] = e.withRun((System.nanoTime() - c.start) / 1e9, executor);
        }
      } finally {
        finished.countDown();
      }
    }

    /**
     * Waits for the calls; returns where the next sequence starts: the end, or the point
     * after a call given up at its timeout.
     */
    int await(Future<?> running) throws InterruptedException {
      try {
        while (true) {
          Call c = current;
          long wait = c == null ? NOT_STARTED_WAIT : c.deadline - System.nanoTime();
          if (wait > 0) {
            if (finished.await(wait, TimeUnit.NANOSECONDS)) {
              return points.size();
            }
            continue;
          }
          if (current != c || !c.state.compareAndSet(RUNNING, GIVEN_UP)) {
            continue; // it ended at its very deadline: the next call is under way
          }
          ABANDONED.incrementAndGet();
          running.cancel(true);
          Duration timeout = c.context.timeout();
          c.ended.await(endGrace(timeout).toMillis(), TimeUnit.MILLISECONDS);
          int still = ABANDONED.get();
          if (still > 1) {
            c.context.log().warn("{} oracle calls are still running after their timeout in this JVM (do they ignore interruption?)", still);
          }
          out[c.index] = Evaluation.timeout(c.point, "no answer within " + seconds(timeout) + " s; the call was interrupted and its result discarded")
              .withRun((System.nanoTime() - c.start) / 1e9, executor);
          return c.index + 1;
        }
      } catch (InterruptedException e) {
        // The task itself is being killed (a speculative copy of it won, the job was cancelled): let Spark see it.
        // Its sandbox goes even when failed ones are kept: the point's answer is another attempt's.
        stopped = true;
        running.cancel(true);
        throw e;
      }
    }
  }

  /** One call, from its start to its sandbox dealt with. */
  private static final class Call {
    final int index;
    final Point point;
    final SandboxContext context;
    final long start = System.nanoTime();
    final long deadline;
    final AtomicInteger state = new AtomicInteger(RUNNING);
    /** Counted down after the sandbox is dealt with. */
    final CountDownLatch ended = new CountDownLatch(1);

    Call(int index, Point point, SandboxContext context) {
      this.index = index;
      this.point = point;
      this.context = context;
      this.deadline = start + context.timeout().toNanos();
    }

    /** The checked answer, or null when the call was given up meanwhile. */
    Evaluation run(Oracle oracle, List<String> observables, Sequence sequence) {
      Evaluation checked = null;
      boolean answered = false;
      try {
        checked = check(oracle.evaluate(point, context), point, observables);
      } catch (Throwable t) { // an Error of the oracle too (StackOverflowError, a native library's): the point fails, not the task
        checked = Evaluation.failed(point, describe(t));
      } finally {
        try {
          answered = state.compareAndSet(RUNNING, DONE);
          if (!answered) {
            ABANDONED.decrementAndGet(); // it was given up at its timeout and has only now ended
          }
          if (sequence.stopped) {
            context.discard();
          } else {
            context.cleanUp(!answered ? Status.TIMEOUT : checked.status());
          }
        } finally {
          ended.countDown();
        }
      }
      return answered ? checked : null;
    }
  }

  /** An OK result must carry every declared observable as a finite number. */
  static Evaluation check(Evaluation result, Point point, List<String> observables) {
    if (result == null) {
      return Evaluation.failed(point, "the oracle returned no evaluation");
    }
    if (result.id() != point.id()) {
      return Evaluation.failed(point, "the oracle returned an evaluation of point " + result.id() + " for point " + point.id());
    }
    Map<String, Double> ordered = new LinkedHashMap<>();
    String problem = null;
    for (String name : observables) {
      Double v = result.observables().get(name);
      ordered.put(name, v == null ? Double.NaN : v);
      if (problem == null && result.isOk()) {
        if (v == null) {
          problem = "the oracle gave no value for observable " + name
              + (result.observables().isEmpty() ? "" : " (it gave: " + String.join(", ", result.observables().keySet()) + ")");
        } else if (v.isNaN()) {
          problem = "observable " + name + " is NaN";
        } else if (v.isInfinite()) {
          problem = "observable " + name + " is infinite (" + v + ")";
        }
      }
    }
    if (problem != null) {
      return result.withOutcome(Status.FAILED, ordered, problem);
    }
    return result.withOutcome(result.status(), ordered, result.message());
  }

  static String describe(Throwable t) {
    String msg = t.getMessage();
    String text = t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    StackTraceElement[] trace = t.getStackTrace();
    if (trace.length > 0) {
      text += " (at " + trace[0] + ")";
    }
    return text.length() > 1000 ? text.substring(0, 1000) + "..." : text;
  }

  private static String seconds(Duration d) {
    return String.valueOf(d.toMillis() / 1000.0);
  }
}
