package org.hepscan.report;

import java.util.List;

/**
 * What a report shows beyond its fixed figures: the parameter pairs of the 2-D projections
 * (empty: consecutive pairs of the free parameters), the observable that colours them
 * (null: the first constrained one), how many in-target points the scatter plots draw at
 * most (a deterministic sample beyond that), and the bins of the histograms.
 */
public record ReportOptions(List<List<String>> pairs, String colorBy, int maxPoints, int bins) {
  public static final int DEFAULT_MAX_POINTS = 5000;
  public static final int DEFAULT_BINS = 40;
  /** Projections drawn when no pairs are named. */
  static final int DEFAULT_PAIRS = 4;
  /** The corner plot's parameters at most; beyond that its panels get too small to read. */
  static final int CORNER_MAX = 8;

  public ReportOptions {
    pairs = pairs == null ? List.of() : List.copyOf(pairs);
    if (maxPoints < 1) {
      throw new IllegalArgumentException("the most points drawn must be positive, got " + maxPoints);
    }
    if (bins < 2) {
      throw new IllegalArgumentException("a histogram needs at least 2 bins, got " + bins);
    }
  }

  public static ReportOptions defaults() {
    return new ReportOptions(List.of(), null, DEFAULT_MAX_POINTS, DEFAULT_BINS);
  }
}
