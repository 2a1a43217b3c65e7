package org.hepscan.executor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  static Evaluation run(Oracle oracle, Point point, SandboxContext context, List<String> observables)
      throws InterruptedException {
    Duration timeout = context.timeout();
    Future<Evaluation> future = POOL.submit(() -> oracle.evaluate(point, context));
    Evaluation result;
    try {
      result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return Evaluation.timeout(point, "no answer within " + seconds(timeout) + " s; the call was stopped");
    } catch (ExecutionException e) {
      return Evaluation.failed(point, describe(e.getCause()));
    } catch (InterruptedException e) {
      // The task itself is being killed (job cancelled, executor lost): let Spark see it.
      future.cancel(true);
      throw e;
    }
    return check(result, point, observables);
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
