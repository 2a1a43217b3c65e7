package org.hepscan.executor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;

/**
 * One guarded oracle call: run on a separate thread so that it can be abandoned at the
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
  /** The task itself was stopped (a speculative copy won, the job was cancelled): no answer of this call is kept. */
  private static final int CANCELLED = 3;

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
   * Runs the call and returns its evaluation. The sandbox is removed (or kept, see
   * {@link SandboxContext#cleanUp}) by the call's own thread when the call ends, so a call
   * abandoned at its timeout never has its working directory deleted under it, and the
   * decision knows the call's final status: what the checks made of its result, or
   * TIMEOUT for a call that was given up on. A call interrupted at its timeout is given
   * {@link #endGrace} to end, so that when this returns its programs are gone and its
   * sandbox removed, unless the oracle ignores interruption.
   */
  static Evaluation run(Oracle oracle, Point point, SandboxContext context, List<String> observables)
      throws InterruptedException {
    Duration timeout = context.timeout();
    AtomicInteger state = new AtomicInteger(RUNNING);
    CountDownLatch ended = new CountDownLatch(1); // after the sandbox is dealt with
    Future<Evaluation> future = POOL.submit(() -> {
      Evaluation checked = null;
      try {
        checked = check(oracle.evaluate(point, context), point, observables);
        return checked;
      } finally {
        try {
          boolean answered = state.compareAndSet(RUNNING, DONE);
          if (!answered && state.get() == CANCELLED) {
            context.discard();
          } else {
            if (!answered) {
              ABANDONED.decrementAndGet(); // it was given up at its timeout and has only now ended
            }
            context.cleanUp(!answered ? Status.TIMEOUT : checked == null ? Status.FAILED : checked.status());
          }
        } finally {
          ended.countDown();
        }
      }
    });
    try {
      try {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!state.compareAndSet(RUNNING, GIVEN_UP)) {
          return future.get(); // it ended at the very deadline: take its answer
        }
        ABANDONED.incrementAndGet();
        future.cancel(true);
        ended.await(endGrace(timeout).toMillis(), TimeUnit.MILLISECONDS);
        int still = ABANDONED.get();
        if (still > 1) {
          context.log().warn("{} oracle calls are still running after their timeout in this JVM (do they ignore interruption?)", still);
        }
        return Evaluation.timeout(point, "no answer within " + seconds(timeout) + " s; the call was interrupted and its result discarded");
      }
    } catch (ExecutionException e) {
      return Evaluation.failed(point, describe(e.getCause()));
    } catch (java.util.concurrent.CancellationException e) {
      return Evaluation.failed(point, "the call was cancelled");
    } catch (InterruptedException e) {
      // The task itself is being killed (a speculative copy of it won, the job was cancelled): let Spark see it.
      // Its sandbox goes even when failed ones are kept: the point's answer is another attempt's.
      state.compareAndSet(RUNNING, CANCELLED);
      future.cancel(true);
      throw e;
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
