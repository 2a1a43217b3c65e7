package org.hepscan.oracle;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
  /**
   * The observables' names, in the oracle's order, and their values: arrays rather than a
   * map of boxed numbers, a few hundred bytes less per row for a code with tens of
   * observables, in every batch the driver holds and every row an executor sends back.
   * Evaluations with the same names share one array (and Kryo, tracking references, sends
   * it once per task result).
   */
  private final String[] names;
  private final double[] values;
  private final String message;
  private final double seconds;
  private final String executor;
  private final double loglike;
  private final boolean inTarget;

  private Evaluation(Point point, Status status, String[] names, double[] values, String message,
                     double seconds, String executor, double loglike, boolean inTarget) {
    this.point = Objects.requireNonNull(point, "point");
    this.status = Objects.requireNonNull(status, "status");
    this.names = names;
    this.values = values;
    this.message = message == null ? "" : message;
    this.seconds = seconds;
    this.executor = executor == null ? "" : executor;
    this.loglike = loglike;
    this.inTarget = inTarget;
  }

  private Evaluation(Point point, Status status, Map<String, Double> observables, String message,
                     double seconds, String executor, double loglike, boolean inTarget) {
    this.point = Objects.requireNonNull(point, "point");
    this.status = Objects.requireNonNull(status, "status");
    if (observables instanceof Observables o) {
      this.names = o.names; // immutable: shared by the changed copies of one evaluation
      this.values = o.values;
    } else if (observables == null || observables.isEmpty()) {
      this.names = NO_NAMES;
      this.values = NO_VALUES;
    } else {
      String[] keys = new String[observables.size()];
      double[] v = new double[keys.length];
      int j = 0;
      for (Map.Entry<String, Double> e : observables.entrySet()) {
        keys[j] = Objects.requireNonNull(e.getKey(), "an observable's name");
        v[j++] = e.getValue() == null ? Double.NaN : e.getValue();
      }
      this.names = interned(keys);
      this.values = v;
    }
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

  /**
   * As {@link #of(Point, Status, Map, String, double, String, double, boolean)}, the
   * observables given as {@code names} and their values {@code values[from ...]} (copied):
   * rows kept as columns come back without a map built per row.
   */
  public static Evaluation of(Point point, Status status, List<String> names, double[] values, int from, String message,
                              double seconds, String executor, double loglike, boolean inTarget) {
    String[] n = names.isEmpty() ? NO_NAMES : interned(names);
    return new Evaluation(point, status, n, Arrays.copyOfRange(values, from, from + n.length), message, seconds, executor, loglike, inTarget);
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
    return new Evaluation(point, status, observables(), message, seconds, executor, loglike, inTarget);
  }

  /** The same outcome as judged by the scan's target. */
  public Evaluation withTarget(double loglike, boolean inTarget) {
    return new Evaluation(point, status, observables(), message, seconds, executor, loglike, inTarget);
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

  /** The observables by name, in the oracle's order; unmodifiable. */
  public Map<String, Double> observables() {
    return new Observables(names, values);
  }

  /** How many observables the call gave: what {@link #observableName} and {@link #observableValue} index, in the oracle's order. */
  public int observableCount() {
    return names.length;
  }

  /** The name of observable {@code j} (no map view built: for loops over many rows). */
  public String observableName(int j) {
    return names[j];
  }

  /** The value of observable {@code j}. */
  public double observableValue(int j) {
    return values[j];
  }

  /** The observable's value, NaN when the call did not give it. */
  public double observable(String name) {
    int j = indexOf(names, name);
    return j < 0 ? Double.NaN : values[j];
  }

  private static int indexOf(String[] names, Object name) {
    for (int j = 0; j < names.length; j++) {
      if (names[j].equals(name)) {
        return j;
      }
    }
    return -1;
  }

  private static final String[] NO_NAMES = {};
  private static final double[] NO_VALUES = {};
  /** Name lists seen in this JVM, so that evaluations of one oracle share one; bounded, in case names vary per call. */
  private static final Map<List<String>, String[]> NAMES = new ConcurrentHashMap<>();
  private static final int MAX_NAME_LISTS = 1000;

  private static String[] interned(String[] keys) {
    return interned(Arrays.asList(keys));
  }

  private static String[] interned(List<String> names) {
    String[] known = NAMES.get(names);
    if (known != null) {
      return known;
    }
    String[] keys = names.toArray(String[]::new);
    if (NAMES.size() >= MAX_NAME_LISTS) {
      return keys;
    }
    String[] prior = NAMES.putIfAbsent(List.of(keys), keys);
    return prior != null ? prior : keys;
  }

  /** An evaluation's observables as a read-only map over its arrays. */
  private static final class Observables extends AbstractMap<String, Double> {
    private final String[] names;
    private final double[] values;

    Observables(String[] names, double[] values) {
      this.names = names;
      this.values = values;
    }

    @Override
    public Double get(Object key) {
      int j = indexOf(names, key);
      return j < 0 ? null : values[j];
    }

    @Override
    public boolean containsKey(Object key) {
      return indexOf(names, key) >= 0;
    }

    @Override
    public int size() {
      return names.length;
    }

    @Override
    public Set<Map.Entry<String, Double>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, Double>> iterator() {
          return new Iterator<>() {
            private int j;

            @Override
            public boolean hasNext() {
              return j < names.length;
            }

            @Override
            public Map.Entry<String, Double> next() {
              if (j >= names.length) {
                throw new NoSuchElementException();
              }
              Map.Entry<String, Double> e = new SimpleImmutableEntry<>(names[j], values[j]);
              j++;
              return e;
            }
          };
        }

        @Override
        public int size() {
          return names.length;
        }
      };
    }
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
    return "Evaluation#" + point.id() + "(" + status + ", " + observables()
        + (message.isEmpty() ? "" : ", '" + message + "'") + ")";
  }
}
