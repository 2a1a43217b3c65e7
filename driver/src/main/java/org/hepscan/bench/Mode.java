package org.hepscan.bench;

import java.util.Locale;

/**
 * How big the runs of a bench are: the benchmarks' own stop rules, or their {@code smoke:}
 * ones (a few hundred calls, small batches); either multiplied by {@code callsScale}
 * (stop limits and the efficiency call counts alike).
 */
public record Mode(boolean smoke, double callsScale) {
  public static final Mode FULL = new Mode(false, 1.0);
  public static final Mode SMOKE = new Mode(true, 1.0);

  public Mode {
    if (!(callsScale > 0) || Double.isInfinite(callsScale)) {
      throw new IllegalArgumentException("the calls scale must be a positive number, got " + callsScale);
    }
  }

  /** A call count of the benchmark scaled, at least 1. */
  long scale(long n) {
    return Math.max(1, Math.round(n * callsScale));
  }

  String describe() {
    String base = smoke ? "smoke (the benchmarks' smoke: stop rules, small batches)" : "full (the benchmarks' stop rules)";
    return callsScale == 1.0 ? base : base + String.format(Locale.ROOT, ", call counts scaled by %s", fmt(callsScale));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
