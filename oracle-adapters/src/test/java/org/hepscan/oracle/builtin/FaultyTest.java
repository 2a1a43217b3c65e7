package org.hepscan.oracle.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
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
import org.junit.jupiter.api.Test;

class FaultyTest {
  private static final ParameterSpace SPACE = new ParameterSpace(List.of(
      Parameter.continuous("x1", -2, 2, Scale.LINEAR),
      Parameter.continuous("x2", -2, 2, Scale.LINEAR),
      Parameter.continuous("x3", -2, 2, Scale.LINEAR)));
  private static final double[] TENTH_EACH = {0.1, 0.1, 0.1, 0.1, 0.1};

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static OracleFactory faulty(Object... options) {
    return OracleCatalog.configure("faulty", Options.of("oracle.options", map(options)), SPACE);
  }

  private static double[] randomPoint(SplittableRandom rng) {
    return SPACE.toPhysical(new double[] {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()});
  }

  /** What a call did, in one word; never called on a point that hangs. */
  private static String outcome(Oracle o, Point p) {
    Evaluation e;
    try {
      e = o.evaluate(p, null);
    } catch (IllegalStateException crash) {
      return "crash";
    } catch (Exception other) {
      throw new AssertionError("unexpected " + other, other);
    }
    if (e.status() == Status.INVALID) {
      return "invalid";
    }
    assertEquals(Status.OK, e.status());
    double value = e.observable("O");
    if (!e.observables().containsKey("O") || Double.isInfinite(value)) {
      return "garbage";
    }
    if (Double.isNaN(value)) {
      return "nan";
    }
    assertEquals(Shell.value(p.values()), value, 0);
    return "normal";
  }

  // ---- determinism -------------------------------------------------------------------

  @Test
  void fateDependsOnlyOnValuesAndSeed() {
    SplittableRandom rng = new SplittableRandom(31);
    int differentWithOtherSeed = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
      double[] x = randomPoint(rng);
      int fate = Faulty.fate(x, 5, TENTH_EACH);
      assertEquals(fate, Faulty.fate(x.clone(), 5, TENTH_EACH));
      if (Faulty.fate(x, 6, TENTH_EACH) != fate) {
        differentWithOtherSeed++;
      }
    }
    // another seed deals the fates anew: two independent draws agree with
    // probability 0.5^2 + 5 * 0.1^2 = 0.3
    assertEquals(0.7, (double) differentWithOtherSeed / n, 0.05);
  }

  @Test
  void samePointBehavesTheSameEveryTime() throws Exception {
    Oracle a = faulty("crash", 0.2, "nan", 0.2, "garbage", 0.2, "invalid", 0.2, "seed", 3).create();
    Oracle b = faulty("crash", 0.2, "nan", 0.2, "garbage", 0.2, "invalid", 0.2, "seed", 3).create();
    SplittableRandom rng = new SplittableRandom(32);
    for (int i = 0; i < 500; i++) {
      double[] x = randomPoint(rng);
      String first = outcome(a, new Point(i, 0, "random", x));
      // a retry, a resumed scan (other id, iteration, origin) and another executor's instance
      assertEquals(first, outcome(a, new Point(i, 0, "random", x)));
      assertEquals(first, outcome(a, new Point(i + 10_000, 3, "mcmc", x)));
      assertEquals(first, outcome(b, new Point(i, 0, "random", x)));
    }
  }

  @Test
  void evaluateFollowsFate() throws Exception {
    Oracle o = faulty("crash", 0.1, "nan", 0.1, "garbage", 0.1, "invalid", 0.1, "seed", 9).create();
    double[] shares = {0.1, 0, 0.1, 0.1, 0.1};
    String[] words = {"crash", "hang", "nan", "garbage", "invalid"};
    SplittableRandom rng = new SplittableRandom(33);
    for (int i = 0; i < 2000; i++) {
      double[] x = randomPoint(rng);
      int fate = Faulty.fate(x, 9, shares);
      assertEquals(fate < 0 ? "normal" : words[fate], outcome(o, new Point(i, 0, "random", x)));
    }
  }

  @Test
  void sharesAreMetWithinBinomialError() {
    int n = 20_000;
    int[] counts = new int[Faulty.FATES.size() + 1];
    SplittableRandom rng = new SplittableRandom(34);
    for (int i = 0; i < n; i++) {
      counts[Faulty.fate(randomPoint(rng), 0, TENTH_EACH) + 1]++;
    }
    double fourSigma = 4 * Math.sqrt(0.1 * 0.9 / n);
    for (int k = 0; k < Faulty.FATES.size(); k++) {
      assertEquals(0.1, (double) counts[k + 1] / n, fourSigma, Faulty.FATES.get(k));
    }
    assertEquals(0.5, (double) counts[0] / n, 4 * Math.sqrt(0.25 / n), "normal");
  }

  // ---- each fate -----------------------------------------------------------------------

  @Test
  void crashThrows() throws Exception {
    Oracle o = faulty("crash", 1).create();
    Point p = new Point(42, 0, "random", new double[] {0.1, 0.2, 0.3});
    Exception e = assertThrows(Exception.class, () -> o.evaluate(p, null));
    assertTrue(e.getMessage().contains("crash"), e.getMessage());
  }

  @Test
  void nanIsAnOkCallWithNaNObservable() throws Exception {
    Evaluation e = faulty("nan", 1).create().evaluate(new Point(1, 0, "random", new double[] {1, 1, 1}), null);
    assertEquals(Status.OK, e.status());
    assertEquals(List.of("O"), List.copyOf(e.observables().keySet()));
    assertTrue(Double.isNaN(e.observable("O")));
  }

  @Test
  void garbageIsInfiniteOrTheWrongObservables() throws Exception {
    Oracle o = faulty("garbage", 1).create();
    SplittableRandom rng = new SplittableRandom(35);
    int infinite = 0;
    int wrongKeys = 0;
    for (int i = 0; i < 1000; i++) {
      Evaluation e = o.evaluate(new Point(i, 0, "random", randomPoint(rng)), null);
      assertEquals(Status.OK, e.status());
      if (e.observables().containsKey("O")) {
        assertEquals(Double.POSITIVE_INFINITY, e.observable("O"), 0);
        infinite++;
      } else {
        assertFalse(e.observables().isEmpty());
        wrongKeys++;
      }
    }
    assertEquals(500, infinite, 4 * Math.sqrt(250));
    assertEquals(1000, infinite + wrongKeys);
  }

  @Test
  void invalidSaysUnphysical() throws Exception {
    Evaluation e = faulty("invalid", 1).create().evaluate(new Point(1, 0, "random", new double[] {0, 0, 0}), null);
    assertEquals(Status.INVALID, e.status());
    assertTrue(e.observables().isEmpty());
    assertFalse(e.message().isEmpty());
  }

  @Test
  void noFaultsAnswersLikeTheBase() throws Exception {
    OracleFactory f = faulty("base", "rosenbrock");
    assertEquals(List.of("f"), f.observables());
    assertEquals("faulty", f.name());
    Evaluation e = f.create().evaluate(new Point(1, 0, "random", new double[] {1, 1, 1}), null);
    assertEquals(Status.OK, e.status());
    assertEquals(0, e.observable("f"), 0);
    assertEquals(List.of("O"), faulty().observables()); // base shell by default
  }

  @Test
  void hangIsInterruptible() throws Exception {
    Oracle o = faulty("hang", 1).create();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        o.evaluate(new Point(1, 0, "random", new double[] {0.5, 0.5, 0.5}), null);
        ended.set(new AssertionError("returned"));
      } catch (Throwable e) {
        ended.set(e);
      }
    }, "faulty-hang");
    t.setDaemon(true);
    t.start();
    t.join(300);
    assertTrue(t.isAlive(), "a hanging call must still be running");
    long interrupted = System.nanoTime();
    t.interrupt();
    t.join(1000);
    assertFalse(t.isAlive(), "the call did not end within a second of the interrupt");
    assertTrue(System.nanoTime() - interrupted < 1_000_000_000L);
    assertInstanceOf(InterruptedException.class, ended.get());
  }

  @Test
  void delaySecondsDelaysEveryCall() throws Exception {
    Oracle o = faulty("delay_seconds", 0.2).create();
    long start = System.nanoTime();
    Evaluation e = o.evaluate(new Point(1, 0, "random", new double[] {1, 2, 2}), null);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 0.2, "took " + seconds + " s");
    assertEquals(9, e.observable("O"), 1e-12);
    Oracle quick = faulty().create();
    long s2 = System.nanoTime();
    quick.evaluate(new Point(1, 0, "random", new double[] {1, 2, 2}), null);
    assertTrue((System.nanoTime() - s2) / 1e9 < 0.2);
  }

  // ---- configuration errors ---------------------------------------------------------------

  @Test
  void sharesOverOneAreRejected() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> faulty("crash", 0.5, "hang", 0.3, "invalid", 0.3));
    assertEquals("oracle.options", e.path());
    assertTrue(e.problem().contains("must not exceed 1"), e.problem());
    faulty("crash", 0.5, "hang", 0.2, "invalid", 0.3); // exactly 1 is fine
    assertEquals("oracle.options.nan", assertThrows(ConfigException.class, () -> faulty("nan", 1.5)).path());
    assertEquals("oracle.options.nan", assertThrows(ConfigException.class, () -> faulty("nan", -0.1)).path());
  }

  @Test
  void baseMustBeAnotherBenchmark() {
    ConfigException self = assertThrows(ConfigException.class, () -> faulty("base", "faulty"));
    assertEquals("oracle.options.base", self.path());
    ConfigException unknown = assertThrows(ConfigException.class, () -> faulty("base", "softsusy"));
    assertEquals("oracle.options.base", unknown.path());
    assertTrue(unknown.problem().contains("unknown oracle 'softsusy'"), unknown.problem());
    ConfigException dims = assertThrows(ConfigException.class, () -> faulty("base", "eggbox"));
    assertEquals("oracle.options.base", dims.path());
    assertTrue(dims.problem().contains("exactly 2"), dims.problem());
  }

  @Test
  void otherOptionErrors() {
    assertEquals("oracle.options.crahs", assertThrows(ConfigException.class, () -> faulty("crahs", 0.1)).path());
    assertEquals("oracle.options.delay_seconds",
        assertThrows(ConfigException.class, () -> faulty("delay_seconds", -1)).path());
    assertEquals("oracle.options.seed", assertThrows(ConfigException.class, () -> faulty("seed", 1.5)).path());
    assertNotNull(faulty("seed", 12));
  }
}
