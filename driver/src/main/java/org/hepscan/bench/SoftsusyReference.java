package org.hepscan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real SoftSUSY 4.1.22 answers for uniform pMSSM-19 points (the project's shared
 * {@code reference/} tables): each row's 19 inputs mapped to the unit cube of papers/000's
 * Table II (M1, M2, mu, At, Ab, Atau over both signs), whether SoftSUSY found the point valid
 * (exit code 0), and the light Higgs mass where it wrote one.
 *
 * <p>Where the tables are: the system property {@code hepscan.reference}, else the
 * environment's {@code HEPSCAN_REFERENCE}, else {@code reference} under the system property
 * {@code hepscan.shared.dir} (the build's tests), else {@code ../shared/reference} from the
 * working directory (the layout of the project's checkout).
 */
public record SoftsusyReference(double[][] x, boolean[] valid, double[] mh) {
  public static final String SMALL = "softsusy_pmssm19_random.csv";
  public static final String LARGE = "softsusy_pmssm19_random_50k.csv";
  static final String[] NAMES = {"M1", "M2", "M3", "mu", "mA", "At", "Ab", "Atau", "mL1", "me1", "mL3", "me3", "mQ1",
      "mu1", "md1", "mQ3", "mu3", "md3", "tanb"};
  static final double[][] RANGES = {
      {-4000, 4000}, {-4000, 4000}, {400, 4000}, {-4000, 4000}, {100, 4000}, {-4000, 4000}, {-4000, 4000},
      {-4000, 4000}, {100, 4000}, {100, 4000}, {100, 4000}, {100, 4000}, {400, 4000}, {400, 4000}, {400, 4000},
      {200, 4000}, {200, 4000}, {200, 4000}, {1, 60}};

  public int size() {
    return x.length;
  }

  /** The directory of the tables, as the class comment says; an error says how to give it. */
  public static Path directory() {
    String p = System.getProperty("hepscan.reference");
    if (p == null || p.isBlank()) {
      p = System.getenv("HEPSCAN_REFERENCE");
    }
    if ((p == null || p.isBlank()) && System.getProperty("hepscan.shared.dir") != null) {
      p = Path.of(System.getProperty("hepscan.shared.dir"), "reference").toString(); // the build's tests
    }
    Path dir = Path.of(p == null || p.isBlank() ? "../shared/reference" : p);
    if (!Files.isRegularFile(dir.resolve(SMALL))) {
      throw new IllegalStateException("no SoftSUSY reference table " + dir.toAbsolutePath().normalize().resolve(SMALL)
          + "; give its directory with -Dhepscan.reference=DIR or HEPSCAN_REFERENCE=DIR");
    }
    return dir;
  }

  /** The first {@code limit} rows (all when limit <= 0) after skipping {@code skip}, of table {@code file}. */
  public static SoftsusyReference load(Path dir, String file, int skip, int limit) throws IOException {
    Path path = dir.resolve(file);
    List<String> lines = Files.readAllLines(path);
    List<String> header = List.of(lines.get(0).split(","));
    int exit = column(header, "exit_code", path);
    int mhCol = column(header, "mh", path);
    for (int j = 0; j < NAMES.length; j++) {
      if (!NAMES[j].equals(header.get(j))) {
        throw new IOException(path + ": column " + (j + 1) + " is '" + header.get(j) + "', expected " + NAMES[j]);
      }
    }
    List<double[]> xs = new ArrayList<>();
    List<Boolean> ok = new ArrayList<>();
    List<Double> h = new ArrayList<>();
    int end = limit <= 0 ? lines.size() : Math.min(lines.size(), 1 + skip + limit);
    for (int r = 1 + skip; r < end; r++) {
      String[] f = lines.get(r).split(",", -1);
      double[] u = new double[NAMES.length];
      try {
        for (int j = 0; j < u.length; j++) {
          u[j] = (Double.parseDouble(f[j]) - RANGES[j][0]) / (RANGES[j][1] - RANGES[j][0]);
        }
      } catch (NumberFormatException e) {
        throw new IOException(path + " line " + (r + 1) + ": " + e.getMessage(), e);
      }
      boolean valid = "0".equals(f[exit]);
      double m = Double.NaN;
      if (valid && !f[mhCol].isEmpty() && !f[mhCol].equalsIgnoreCase("nan")) {
        m = Double.parseDouble(f[mhCol]);
      }
      xs.add(u);
      ok.add(valid);
      h.add(m);
    }
    boolean[] v = new boolean[ok.size()];
    double[] mh = new double[h.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ok.get(i);
      mh[i] = h.get(i);
    }
    return new SoftsusyReference(xs.toArray(double[][]::new), v, mh);
  }

  private static int column(List<String> header, String name, Path path) throws IOException {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IOException(path + " has no column " + name);
    }
    return i;
  }

  /** Validity as 0/1 labels. */
  public double[] labels() {
    double[] y = new double[valid.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = valid[i] ? 1 : 0;
    }
    return y;
  }

  /** The rows with a Higgs mass (valid points), for a regressor. */
  public SoftsusyReference withMh() {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < mh.length; i++) {
      if (valid[i] && Double.isFinite(mh[i])) {
        keep.add(i);
      }
    }
    double[][] xs = new double[keep.size()][];
    boolean[] v = new boolean[keep.size()];
    double[] m = new double[keep.size()];
    for (int k = 0; k < xs.length; k++) {
      int i = keep.get(k);
      xs[k] = x[i];
      v[k] = true;
      m[k] = mh[i];
    }
    return new SoftsusyReference(xs, v, m);
  }
}
