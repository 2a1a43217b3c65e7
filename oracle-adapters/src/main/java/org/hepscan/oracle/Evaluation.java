package org.hepscan.oracle;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one oracle call: the point, a {@link Status}, the observables by name,
 * a message (the reason for a failure, SPINFO text, a stderr tail), the seconds the call
 * took and the executor that ran it. The scan's target adds a log-likelihood and an
 * in-target flag on the driver.
 *
 * <p>Immutable; the {@code with...} methods return changed copies.
 */
public final class Evaluation implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Point point;
  private final Status status;
  private final LinkedHashMap<String, Double> observables;
  private final String message;
  private final double seconds;
  private final String executor;
  private final double loglike;
  private final boolean inTarget;

  private Evaluation(Point point, Status status, Map<String, Double> observables, String message,
                     double seconds, String executor, double loglike, boolean inTarget) {
    this.point = Objects.requireNonNull(point, "point");
    this.status = Objects.requireNonNull(status, "status");
    this.observables = observables == null ? new LinkedHashMap<>() : new LinkedHashMap<>(observables);
    this.message = message == null ? "" : message;
    this.seconds = seconds;
    this.executor = executor == null ? "" : executor;
    this.loglike = loglike;
    this.inTarget = inTarget;
  }

  public static Evaluation ok(Point point, Map<String, Double> observables) {
    return new Evaluation(point, Status.OK, observables, "", Double.NaN, "", Double.NaN, false);
  }

  public static Evaluation of(Point point, Status status, Map<String, Double> observables, String message) {
    return new Evaluation(point, status, observables, message, Double.NaN, "", Double.NaN, false);
  }

  /** An evaluation with every field given: one read back from where it was kept (the scan's history, its output). */
  public static Evaluation of(Point point, Status status, Map<String, Double> observables, String message,
                              double seconds, String executor, double loglike, boolean inTarget) {
    return new Evaluation(point, status, observables, message, seconds, executor, loglike, inTarget);
  }

  /** The physics code says the point is unphysical. */
  public static Evaluation invalid(Point point, String reason) {
    return of(point, Status.INVALID, null, reason);
  }

  public static Evaluation failed(Point point, String reason) {
    return of(point, Status.FAILED, null, reason);
  }

  public static Evaluation timeout(Point point, String reason) {
    return of(point, Status.TIMEOUT, null, reason);
  }

  /** The same outcome with how long it took and where it ran. */
  public Evaluation withRun(double seconds, String executor) {
    return new Evaluation(point, status, observables, message, seconds, executor, loglike, inTarget);
  }

  /** The same outcome as judged by the scan's target. */
  public Evaluation withTarget(double loglike, boolean inTarget) {
    return new Evaluation(point, status, observables, message, seconds, executor, loglike, inTarget);
  }

  /** The same call, ending differently: used when a result turns out to be unusable. */
  public Evaluation withOutcome(Status status, Map<String, Double> observables, String message) {
    return new Evaluation(point, status, observables, message, seconds, executor, loglike, inTarget);
  }

  public Point point() {
    return point;
  }

  public long id() {
    return point.id();
  }

  public Status status() {
    return status;
  }

  public boolean isOk() {
    return status == Status.OK;
  }

  public Map<String, Double> observables() {
    return Collections.unmodifiableMap(observables);
  }

  /** The observable's value, NaN when the call did not give it. */
  public double observable(String name) {
    Double v = observables.get(name);
    return v == null ? Double.NaN : v;
  }

  public String message() {
    return message;
  }

  public double seconds() {
    return seconds;
  }

  public String executor() {
    return executor;
  }

  public double loglike() {
    return loglike;
  }

  public boolean inTarget() {
    return inTarget;
  }

  @Override
  public String toString() {
    return "Evaluation#" + point.id() + "(" + status + ", " + observables
        + (message.isEmpty() ? "" : ", '" + message + "'") + ")";
  }
}
