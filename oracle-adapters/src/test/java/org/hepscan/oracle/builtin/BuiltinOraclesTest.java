package org.hepscan.oracle.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.OracleCatalog;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.Parameter;
import org.hepscan.space.Parameter.Scale;
import org.hepscan.space.ParameterSpace;
import org.hepscan.target.Target;
import org.junit.jupiter.api.Test;

class BuiltinOraclesTest {
  private static final double TEN_PI = 10 * Math.PI;

  /** D continuous parameters x1..xD on [lo, hi]. */
  static ParameterSpace cube(int d, double lo, double hi) {
    List<Parameter> ps = new ArrayList<>();
    for (int i = 1; i <= d; i++) {
      ps.add(Parameter.continuous("x" + i, lo, hi, Scale.LINEAR));
    }
    return new ParameterSpace(ps);
  }

  static Oracle oracle(String name, ParameterSpace space) throws Exception {
    return OracleCatalog.configure(name, Options.empty(""), space).create();
  }

  private static long ids;

  static double eval(Oracle o, String observable, double... x) throws Exception {
    Evaluation e = o.evaluate(new Point(++ids, 0, "test", x), null);
    assertEquals(Status.OK, e.status());
    return e.observable(observable);
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The target {@code |O - mean| < 2 sigma} as a spec would write it. */
  static Target twoSigma(String observable, double mean, double sigma, List<String> available) {
    return Target.parse(List.of(map("observable", observable,
        "gaussian", map("mean", mean, "sigma", sigma), "within_sigma", 2)), "test", available);
  }

  /** Plain random sampling: the fraction of {@code n} uniform points that are in target. */
  static double efficiency(String oracleName, ParameterSpace space, Target target, int n, long seed) throws Exception {
    OracleFactory f = OracleCatalog.configure(oracleName, Options.empty(""), space);
    Oracle o = f.create();
    SplittableRandom rng = new SplittableRandom(seed);
    double[] u = new double[space.dimension()];
    int in = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < u.length; k++) {
        u[k] = rng.nextDouble();
      }
      Evaluation e = target.apply(o.evaluate(new Point(i, 0, "random", space.toPhysical(u)), null));
      if (e.inTarget()) {
        in++;
      }
    }
    return (double) in / n;
  }

  /** About four binomial standard deviations of a fraction p measured on n points. */
  static double fourSigma(double p, int n) {
    return 4 * Math.sqrt(p * (1 - p) / n);
  }

  // ---- the catalog -------------------------------------------------------------------

  @Test
  void catalogKnowsTheBuiltins() {
    assertEquals(List.of("cosine-shell", "eggbox", "faulty", "gaussian-shells", "pmssm", "rosenbrock", "shell", "thdm2"),
        List.copyOf(OracleCatalog.providers().keySet()));
    ParameterSpace two = cube(2, -1, 1);
    assertEquals(List.of("O"), OracleCatalog.configure("eggbox", Options.empty(""), two).observables());
    assertEquals(List.of("O"), OracleCatalog.configure("shell", Options.empty(""), two).observables());
    assertEquals(List.of("O"), OracleCatalog.configure("cosine-shell", Options.empty(""), two).observables());
    assertEquals(List.of("logL"), OracleCatalog.configure("gaussian-shells", Options.empty(""), two).observables());
    assertEquals(List.of("f"), OracleCatalog.configure("rosenbrock", Options.empty(""), two).observables());
    assertEquals("eggbox", OracleCatalog.configure("eggbox", Options.empty(""), two).name());
  }

  @Test
  void unknownOracleNameListsTheKnownOnes() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> OracleCatalog.configure("egbox", Options.empty(""), cube(2, 0, 1)));
    assertEquals("", e.path());
    assertTrue(e.problem().contains("'egbox'"), e.problem());
    assertTrue(e.problem().contains("cosine-shell, eggbox, faulty, gaussian-shells, pmssm, rosenbrock, shell, thdm2"), e.problem());
  }

  @Test
  void unknownOptionKeysAreRejected() {
    for (String name : List.of("eggbox", "shell", "cosine-shell", "gaussian-shells", "rosenbrock")) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> OracleCatalog.configure(name, Options.of("oracle.options", map("radius", 3)), cube(2, 0, 1)));
      assertEquals("oracle.options.radius", e.path(), name);
      assertTrue(e.problem().contains("unknown key 'radius'"), e.problem());
    }
  }

  @Test
  void dimensionErrors() {
    ConfigException egg = assertThrows(ConfigException.class,
        () -> OracleCatalog.configure("eggbox", Options.empty(""), cube(3, 0, 1)));
    assertEquals("", egg.path());
    assertTrue(egg.problem().contains("exactly 2"), egg.problem());
    assertThrows(ConfigException.class, () -> OracleCatalog.configure("eggbox", Options.empty(""), cube(1, 0, 1)));
    ConfigException rosen = assertThrows(ConfigException.class,
        () -> OracleCatalog.configure("rosenbrock", Options.empty(""), cube(1, 0, 1)));
    assertTrue(rosen.problem().contains("at least 2"), rosen.problem());
    // the count is of all parameters, the fixed ones included: the function sees them all
    ParameterSpace withFixed = new ParameterSpace(List.of(
        Parameter.continuous("x1", 0, TEN_PI, Scale.LINEAR), Parameter.fixed("x2", 0)));
    OracleCatalog.configure("eggbox", Options.empty(""), withFixed);
  }

  // ---- exact values ------------------------------------------------------------------

  @Test
  void eggboxValues() throws Exception {
    Oracle o = oracle("eggbox", cube(2, 0, TEN_PI));
    assertEquals(243, eval(o, "O", 0, 0), 1e-9);
    assertEquals(1, eval(o, "O", 2 * Math.PI, 0), 1e-9);
    assertEquals(1, eval(o, "O", 0, 2 * Math.PI), 1e-9);
    assertEquals(243, eval(o, "O", 2 * Math.PI, 2 * Math.PI), 1e-9);
    assertEquals(32, eval(o, "O", Math.PI, 0), 1e-9);
    assertEquals(Math.pow(2 + Math.cos(0.5) * Math.cos(1.5), 5), eval(o, "O", 1, 3), 1e-12);
  }

  @Test
  void shellValues() throws Exception {
    Oracle o = oracle("shell", cube(3, -5, 5));
    assertEquals(0, eval(o, "O", 0, 0, 0), 0);
    assertEquals(9, eval(o, "O", 1, -2, 2), 1e-12);
    assertEquals(2, oracle("shell", cube(2, -2, 2)).evaluate(new Point(1, 0, "t", new double[] {1, -1}), null).observable("O"), 1e-12);
  }

  @Test
  void cosineShellValues() throws Exception {
    Oracle o = oracle("cosine-shell", cube(3, -30, 30));
    assertEquals(243, eval(o, "O", 0, 0, 0), 1e-9);
    assertEquals(1, eval(o, "O", 7 * Math.PI, 0, 0), 1e-9);
    assertEquals(243, eval(o, "O", 7 * Math.PI, 7 * Math.PI, 0), 1e-9);
    assertEquals(32, eval(o, "O", 3.5 * Math.PI, 1, 2), 1e-9);
    assertEquals(243, eval(oracle("cosine-shell", cube(1, -1, 1)), "O", 0), 1e-9);
  }

  @Test
  void rosenbrockValues() throws Exception {
    for (int d = 2; d <= 6; d++) {
      Oracle o = oracle("rosenbrock", cube(d, -2, 2));
      double[] ones = new double[d];
      java.util.Arrays.fill(ones, 1);
      assertEquals(0, eval(o, "f", ones), 0, "all ones in " + d + "-D");
      assertEquals(d - 1, eval(o, "f", new double[d]), 0, "all zeros in " + d + "-D");
    }
    Oracle o = oracle("rosenbrock", cube(2, -2, 2));
    assertEquals(4, eval(o, "f", -1, 1), 1e-12);
    assertEquals(100 * 9 + 1, eval(o, "f", 2, 1), 1e-12);
  }

  @Test
  void gaussianShellsValues() throws Exception {
    Oracle o = oracle("gaussian-shells", cube(2, -6, 6));
    double peak = -0.5 * Math.log(2 * Math.PI * 0.01);
    assertEquals(1.3836, peak, 1e-4);
    // on either shell's radius, in any direction; the other shell adds ~e^-450
    assertEquals(peak, eval(o, "logL", -1.5, 0), 1e-12);
    assertEquals(peak, eval(o, "logL", 1.5, 0), 1e-12);
    assertEquals(peak, eval(o, "logL", -3.5, 2), 1e-12);
    assertEquals(peak, eval(o, "logL", 3.5 + Math.sqrt(2), -Math.sqrt(2)), 1e-12);
    // one width off the radius: -1/2
    assertEquals(peak - 0.5, eval(o, "logL", -3.5, 2.1), 1e-12);
    // midway between the shells both contribute equally: ln 2 more than one
    assertEquals(-1.5 * 1.5 / 0.02 + Math.log(2) + peak, eval(o, "logL", 0, 0), 1e-9);
    // far from both, no underflow to -infinity
    double far = eval(o, "logL", 1000, 1000);
    assertTrue(Double.isFinite(far) && far < -1e7, "far logL " + far);
    // the same in 5-D
    Oracle five = oracle("gaussian-shells", cube(5, -6, 6));
    assertEquals(peak, eval(five, "logL", 3.5, 0, 0, 2, 0), 1e-12);
  }

  @Test
  void factoriesSurviveSerializationToExecutors() throws Exception {
    ParameterSpace two = cube(2, -6, 6);
    for (String name : List.of("eggbox", "shell", "cosine-shell", "gaussian-shells", "rosenbrock", "faulty")) {
      OracleFactory f = OracleCatalog.configure(name, Options.empty(""), two);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(f);
      }
      OracleFactory copy;
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        copy = (OracleFactory) in.readObject();
      }
      assertEquals(f.name(), copy.name());
      assertEquals(f.observables(), copy.observables());
      Point p = new Point(7, 1, "random", new double[] {0.3, -1.7});
      assertEquals(f.create().evaluate(p, null).observables(), copy.create().evaluate(p, null).observables(), name);
    }
  }

  // ---- published random-sampling efficiencies ------------------------------------------

  @Test
  void eggboxRandomEfficiency() throws Exception {
    ParameterSpace space = cube(2, 0, TEN_PI);
    int n = 200_000;
    double eff = efficiency("eggbox", space, twoSigma("O", 100, 10, List.of("O")), n, 20240601L);
    assertEquals(0.0885, eff, 0.003, "eggbox efficiency " + eff);
  }

  @Test
  void shellRandomEfficiency2D() throws Exception {
    int n = 200_000;
    double eff = efficiency("shell", cube(2, -2, 2), twoSigma("O", 2, 0.1, List.of("O")), n, 7L);
    // exact: the annulus 1.8 < r^2 < 2.2 has area 0.4 pi, of a 16 square
    assertEquals(0.4 * Math.PI / 16, 0.0786, 1e-4);
    assertEquals(0.0786, eff, fourSigma(0.0786, n), "2-D shell efficiency " + eff);
  }

  @Test
  void shellRandomEfficiency7D() throws Exception {
    int n = 1_000_000;
    double eff = efficiency("shell", cube(7, -2, 2), twoSigma("O", 2, 0.1, List.of("O")), n, 8L);
    // exact: V7(r) = 16 pi^3 / 105 r^7 between r^2 = 1.8 and 2.2, over 4^7
    double exact = 16 * Math.pow(Math.PI, 3) / 105 * (Math.pow(2.2, 3.5) - Math.pow(1.8, 3.5)) / Math.pow(4, 7);
    assertEquals(0.0023, exact, 5e-5);
    assertEquals(0.0023, eff, fourSigma(0.0023, n), "7-D shell efficiency " + eff);
  }

  @Test
  void gaussianShellsEvidence() throws Exception {
    ParameterSpace space = cube(2, -6, 6);
    Oracle o = oracle("gaussian-shells", space);
    SplittableRandom rng = new SplittableRandom(2009);
    int n = 1_000_000;
    double sum = 0;
    double sumSq = 0;
    double[] u = new double[2];
    for (int i = 0; i < n; i++) {
      u[0] = rng.nextDouble();
      u[1] = rng.nextDouble();
      double l = Math.exp(o.evaluate(new Point(i, 0, "random", space.toPhysical(u)), null).observable("logL"));
      sum += l;
      sumSq += l * l;
    }
    double z = sum / n;
    double se = Math.sqrt((sumSq / n - z * z) / n);
    double logZ = Math.log(z);
    // the Monte Carlo error of log Z (se / Z, about 0.004) must be well below the tolerance
    assertTrue(se / z < 0.01, "relative MC error " + se / z);
    assertEquals(-1.75, logZ, 0.05, "log Z = " + logZ + " +- " + se / z);
    // and the thin-shell value 8 pi / 144 agrees to the MC error
    assertEquals(Math.log(8 * Math.PI / 144), logZ, 5 * se / z);
  }
}
