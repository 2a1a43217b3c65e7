package org.hepscan.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report shows beyond its fixed figures: the parameter pairs of the 2-D projections
 * (empty: consecutive pairs of the free parameters), the observable that colours them
 * (null: the first constrained one), how many in-target points the scatter plots draw at
 * most (a deterministic sample beyond that), the bins of the histograms, and reference ranges
 * of parameters drawn on their histograms (e.g. the allowed ranges a paper found).
 */
public record ReportOptions(List<List<String>> pairs, String colorBy, int maxPoints, int bins, Ranges reference) {
  public static final int DEFAULT_MAX_POINTS = 5000;
  public static final int DEFAULT_BINS = 40;
  /** Projections drawn when no pairs are named. */
  static final int DEFAULT_PAIRS = 4;
  /** The corner plot's parameters at most; beyond that its panels get too small to read. */
  static final int CORNER_MAX = 8;

  public ReportOptions(List<List<String>> pairs, String colorBy, int maxPoints, int bins) {
    this(pairs, colorBy, maxPoints, bins, Ranges.NONE);
  }

  /**
   * Ranges of some parameters to compare the in-target points with, under one label: their
   * edges are drawn dashed on the parameters' histograms, and the captions give them beside
   * the range the in-target points span.
   */
  public record Ranges(String label, Map<String, double[]> ranges) {
    public static final Ranges NONE = new Ranges("", Map.of());

    public Ranges {
      ranges = Map.copyOf(ranges);
    }

    /**
     * Parses {@code NAME=LO:HI[,NAME=LO:HI...]} (an empty text: none); a malformed entry is an
     * IllegalArgumentException that quotes it.
     */
    public static Ranges parse(String label, List<String> entries) {
      Map<String, double[]> m = new LinkedHashMap<>();
      for (String e : entries) {
        String[] nv = e.split("=", 2);
        String[] lh = nv.length == 2 ? nv[1].split(":", -1) : new String[0];
        double[] r = lh.length == 2 ? new double[] {number(lh[0]), number(lh[1])} : null;
        if (nv[0].isBlank() || r == null || Double.isNaN(r[0]) || Double.isNaN(r[1]) || !(r[0] <= r[1])) {
          throw new IllegalArgumentException("--ranges " + e + ": expected NAME=LO:HI with numbers LO <= HI, e.g. --ranges lambda2=0.24:0.28");
        }
        if (m.put(nv[0].trim(), r) != null) {
          throw new IllegalArgumentException("--ranges names " + nv[0].trim() + " twice");
        }
      }
      return new Ranges(label, m);
    }

    private static double number(String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }

    /** Refuses a range of a name that is not one of {@code parameters}, naming it and them. */
    public void check(List<String> parameters) {
      for (String name : ranges.keySet()) {
        if (!parameters.contains(name)) {
          throw new IllegalArgumentException("--ranges names '" + name + "', which is not a free parameter of this scan; they are: "
              + String.join(", ", parameters));
        }
      }
    }
  }

  public ReportOptions {
    reference = reference == null ? Ranges.NONE : reference;
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
