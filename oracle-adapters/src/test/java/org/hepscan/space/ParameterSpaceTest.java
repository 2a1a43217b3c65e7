package org.hepscan.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hepscan.config.ConfigException;
import org.hepscan.space.Parameter.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterSpaceTest {

  private static ParameterSpace space(Parameter... ps) {
    return new ParameterSpace(List.of(ps));
  }

  // ---- mapping of single parameters ------------------------------------------------

  @Test
  void linearMapsEndsMiddleAndBack() {
    Parameter p = Parameter.continuous("x", -2, 6, Scale.LINEAR);
    assertEquals(-2, p.fromUnit(0), 0);
    assertEquals(2, p.fromUnit(0.5), 1e-15);
    assertEquals(6, p.fromUnit(1), 0);
    assertEquals(0.25, p.toUnit(0), 1e-15);
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      double u = rng.nextDouble();
      assertEquals(u, p.toUnit(p.fromUnit(u)), 1e-12);
    }
  }

  @Test
  void logScaleMiddleIsGeometricMean() {
    Parameter p = Parameter.continuous("m0", 10, 1000, Scale.LOG);
    assertEquals(100, p.fromUnit(0.5), 1e-10);
    assertEquals(0.5, p.toUnit(100), 1e-12);
    assertEquals(0.25, p.toUnit(Math.sqrt(1000)), 1e-12);
    SplittableRandom rng = new SplittableRandom(2);
    for (int i = 0; i < 1000; i++) {
      double u = rng.nextDouble();
      double v = p.fromUnit(u);
      assertTrue(v >= 10 && v <= 1000, "value " + v + " outside the range");
      assertEquals(u, p.toUnit(v), 1e-12);
    }
  }

  @Test
  void endsOfTheUnitIntervalStayExactlyInsideTheRange() {
    // exp/log round-off must not push the ends a hair outside [min, max]
    double[][] ranges = {{10, 1000}, {1e-7, 3e-3}, {0.3, 7.1}, {123.456, 98765.4321}};
    for (double[] r : ranges) {
      Parameter p = Parameter.continuous("x", r[0], r[1], Scale.LOG);
      for (double u : new double[] {0, 1e-17, 1 - 1e-16, 1}) {
        double v = p.fromUnit(u);
        assertTrue(v >= r[0] && v <= r[1], v + " outside [" + r[0] + ", " + r[1] + "]");
      }
      assertEquals(r[0], p.fromUnit(0), 1e-14 * r[0]);
      assertEquals(r[1], p.fromUnit(1), 1e-14 * r[1]);
    }
  }

  @Test
  void signParameter() {
    Parameter s = Parameter.sign("sgn_mu");
    assertTrue(s.isFree());
    assertEquals(-1, s.fromUnit(0), 0);
    assertEquals(-1, s.fromUnit(0.4999999), 0);
    assertEquals(1, s.fromUnit(0.5), 0);
    assertEquals(1, s.fromUnit(0.99), 0);
    assertEquals(0.25, s.toUnit(-1), 0);
    assertEquals(0.75, s.toUnit(1), 0);
    assertEquals(-1, s.fromUnit(s.toUnit(-1)), 0);
    assertEquals(1, s.fromUnit(s.toUnit(1)), 0);
  }

  // ---- spaces --------------------------------------------------------------------

  @Test
  void fixedParametersAreNotCoordinatesButAppearInPhysicalValues() {
    ParameterSpace s = space(
        Parameter.continuous("m0", 100, 300, Scale.LINEAR),
        Parameter.fixed("tanb", 10),
        Parameter.sign("sgn"));
    assertEquals(3, s.size());
    assertEquals(2, s.dimension());
    assertEquals(List.of("m0", "tanb", "sgn"), s.names());
    assertEquals(List.of("m0", "sgn"), s.freeParameters().stream().map(Parameter::name).toList());
    assertEquals(1, s.indexOf("tanb"));
    assertEquals(-1, s.indexOf("nope"));
    assertArrayEquals(new double[] {200, 10, 1}, s.toPhysical(new double[] {0.5, 0.9}), 1e-12);
    assertArrayEquals(new double[] {100, 10, -1}, s.toPhysical(new double[] {0, 0.1}), 1e-12);
    assertArrayEquals(new double[] {0.25, 0.75}, s.toUnit(new double[] {150, 10, 1}), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> s.toPhysical(new double[] {0.5, 0.5, 0.5}));
  }

  @Test
  void roundTripThroughAMixedSpace() {
    ParameterSpace s = space(
        Parameter.continuous("a", -5, 5, Scale.LINEAR),
        Parameter.fixed("c", 3),
        Parameter.continuous("m", 1, 1e4, Scale.LOG),
        Parameter.derived("d", "a * m"),
        Parameter.continuous("b", 0, 1, Scale.LINEAR));
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 2000; i++) {
      double[] u = {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
      double[] x = s.toPhysical(u);
      assertEquals(3, x[1], 0);
      assertEquals(x[0] * x[2], x[3], 1e-12 * Math.abs(x[3]) + 1e-300);
      assertArrayEquals(u, s.toUnit(x), 1e-12);
    }
  }

  @Test
  void derivedParameterIsTheProduct() {
    ParameterSpace s = space(
        Parameter.continuous("m0", 100, 1100, Scale.LINEAR),
        Parameter.continuous("a0_over_m0", -3, 3, Scale.LINEAR),
        Parameter.derived("A0", "a0_over_m0 * m0"));
    assertEquals(2, s.dimension());
    double[] x = s.toPhysical(new double[] {0.4, 0.25});
    assertEquals(500, x[0], 1e-12);
    assertEquals(-1.5, x[1], 1e-12);
    assertEquals(-750, x[2], 1e-9);
  }

  @Test
  void derivedParametersMayUseFunctionsAndEarlierDerivedOnes() {
    ParameterSpace s = space(
        Parameter.continuous("x", -4, 4, Scale.LINEAR),
        Parameter.continuous("y", 0, 8, Scale.LINEAR),
        Parameter.derived("r", "sqrt(x^2 + y^2)"),
        Parameter.derived("ax", "abs(x)"),
        Parameter.derived("z", "2 * r + exp(0) + log(1)"));
    double[] v = s.toPhysical(new double[] {0.125, 0.5}); // x = -3, y = 4
    assertEquals(-3, v[0], 1e-12);
    assertEquals(4, v[1], 1e-12);
    assertEquals(5, v[2], 1e-12);
    assertEquals(3, v[3], 1e-12);
    assertEquals(11, v[4], 1e-12);
  }

  @Test
  void derivedUsingALaterParameterIsAnErrorAtItsExpression() {
    ConfigException e = assertThrows(ConfigException.class, () -> space(
        Parameter.continuous("x", 0, 1, Scale.LINEAR),
        Parameter.derived("y", "A0 * 2"),
        Parameter.derived("A0", "x")));
    assertEquals("y.expr", e.path());
    assertTrue(e.getMessage().contains("listed before it: x"), e.getMessage());
  }

  @Test
  void derivedUsingItselfOrAnUnknownNameIsAnError() {
    ConfigException self = assertThrows(ConfigException.class, () -> space(
        Parameter.continuous("x", 0, 1, Scale.LINEAR),
        Parameter.derived("y", "y + x")));
    assertEquals("y.expr", self.path());
    ConfigException unknown = assertThrows(ConfigException.class, () -> space(
        Parameter.continuous("m0", 0, 1, Scale.LINEAR),
        Parameter.derived("A0", "a0 * m0")));
    assertEquals("A0.expr", unknown.path());
    assertTrue(unknown.problem().contains("'a0'"), unknown.problem());
    ConfigException first = assertThrows(ConfigException.class, () -> space(
        Parameter.derived("A0", "m0 * 2"),
        Parameter.continuous("m0", 0, 1, Scale.LINEAR)));
    assertEquals("A0.expr", first.path());
    assertTrue(first.problem().contains("none are"), first.problem());
  }

  @ParameterizedTest
  @ValueSource(strings = {"x * (y", "x +* y", "x +", "x ^", "sqrt(", ")x(", "x..2", "x $ y", "x, y", "sqrt(x, y)", "nosuch(x)"})
  void badSyntaxIsAConfigErrorAtTheExpression(String expr) {
    ConfigException e = assertThrows(ConfigException.class, () -> space(
        Parameter.continuous("x", 0, 1, Scale.LINEAR),
        Parameter.continuous("y", 0, 1, Scale.LINEAR),
        Parameter.derived("A0", expr)));
    assertEquals("A0.expr", e.path());
    assertTrue(e.problem().contains(expr), e.problem());
  }

  @Test
  void blankExpressionIsAnError() {
    ConfigException e = assertThrows(ConfigException.class, () -> Parameter.derived("A0", "  "));
    assertEquals("expr", e.path());
  }

  @Test
  void emptyRangeIsAnErrorAtMax() {
    assertEquals("max", assertThrows(ConfigException.class,
        () -> Parameter.continuous("x", 5, 5, Scale.LINEAR)).path());
    assertEquals("max", assertThrows(ConfigException.class,
        () -> Parameter.continuous("x", 5, 1, Scale.LOG)).path());
    assertEquals("", assertThrows(ConfigException.class,
        () -> Parameter.continuous("x", 0, Double.POSITIVE_INFINITY, Scale.LINEAR)).path());
    assertEquals("", assertThrows(ConfigException.class,
        () -> Parameter.continuous("x", Double.NaN, 1, Scale.LINEAR)).path());
  }

  @Test
  void logScaleNeedsPositiveMin() {
    ConfigException zero = assertThrows(ConfigException.class, () -> Parameter.continuous("x", 0, 10, Scale.LOG));
    assertEquals("min", zero.path());
    assertTrue(zero.problem().contains("linear"), zero.problem());
    assertEquals("min", assertThrows(ConfigException.class,
        () -> Parameter.continuous("x", -1, 10, Scale.LOG)).path());
  }

  @Test
  void fixedValueMustBeFinite() {
    assertEquals("value", assertThrows(ConfigException.class, () -> Parameter.fixed("t", Double.NaN)).path());
    Parameter f = Parameter.fixed("t", 2.5);
    assertEquals(2.5, f.value(), 0);
    assertTrue(!f.isFree());
    assertThrows(IllegalStateException.class, () -> f.fromUnit(0.5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1x", "a-b", "a b", "m.0", "tan(b)", "x!"})
  void invalidNamesAreRejected(String name) {
    ConfigException e = assertThrows(ConfigException.class, () -> Parameter.continuous(name, 0, 1, Scale.LINEAR));
    assertTrue(e.problem().contains("'" + name + "'"), e.problem());
    assertThrows(ConfigException.class, () -> Parameter.sign(name));
    assertThrows(ConfigException.class, () -> Parameter.fixed(name, 1));
    assertThrows(ConfigException.class, () -> Parameter.derived(name, "1"));
  }

  @Test
  void nullNameIsRejectedAndValidNamesAccepted() {
    assertThrows(ConfigException.class, () -> Parameter.sign(null));
    for (String ok : new String[] {"x", "_x", "m_0", "A0", "tanBeta2"}) {
      assertEquals(ok, Parameter.sign(ok).name());
    }
  }

  @Test
  void allFixedOrEmptyOrDuplicateSpacesAreErrors() {
    ConfigException allFixed = assertThrows(ConfigException.class, () -> space(
        Parameter.fixed("a", 1), Parameter.derived("b", "2 * a")));
    assertTrue(allFixed.problem().contains("nothing to scan"), allFixed.problem());
    assertThrows(ConfigException.class, () -> new ParameterSpace(List.of()));
    ConfigException dup = assertThrows(ConfigException.class, () -> space(
        Parameter.sign("a"), Parameter.continuous("a", 0, 1, Scale.LINEAR)));
    assertEquals("a", dup.path());
  }

  @Test
  void serializedSpaceStillEvaluatesItsExpressions() throws Exception {
    ParameterSpace s = space(
        Parameter.continuous("m0", 100, 1100, Scale.LINEAR),
        Parameter.continuous("a0_over_m0", -3, 3, Scale.LINEAR),
        Parameter.derived("A0", "a0_over_m0 * m0"));
    s.toPhysical(new double[] {0.1, 0.1}); // build the per-thread expressions before serializing
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    ParameterSpace copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ParameterSpace) in.readObject();
    }
    assertEquals(s.names(), copy.names());
    assertArrayEquals(new double[] {500, -1.5, -750}, copy.toPhysical(new double[] {0.4, 0.25}), 1e-9);
    assertArrayEquals(s.toPhysical(new double[] {0.9, 0.7}), copy.toPhysical(new double[] {0.9, 0.7}), 0);
  }

  @Test
  void concurrentToPhysicalGivesEachThreadItsOwnValues() throws Exception {
    ParameterSpace s = space(
        Parameter.continuous("x", -10, 10, Scale.LINEAR),
        Parameter.continuous("y", 1, 1000, Scale.LOG),
        Parameter.derived("p", "x * y"),
        Parameter.derived("q", "sqrt(abs(x - y)) + p"));
    int threads = 8;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    SplittableRandom master = new SplittableRandom(4);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        SplittableRandom rng = master.split();
        results.add(pool.submit(() -> {
          start.await();
          int wrong = 0;
          for (int i = 0; i < perThread; i++) {
            double[] v = s.toPhysical(new double[] {rng.nextDouble(), rng.nextDouble()});
            double p = v[0] * v[1];
            double q = Math.sqrt(Math.abs(v[0] - v[1])) + p;
            if (Math.abs(v[2] - p) > 1e-12 * (1 + Math.abs(p)) || Math.abs(v[3] - q) > 1e-12 * (1 + Math.abs(q))) {
              wrong++;
            }
          }
          return wrong;
        }));
      }
      start.countDown();
      for (Future<Integer> f : results) {
        assertEquals(0, f.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void derivedValueWithoutAValueIsNaNNotAnException() {
    ParameterSpace s = space(
        Parameter.continuous("x", -1, 1, Scale.LINEAR),
        Parameter.derived("inv", "1 / x"));
    assertTrue(Double.isNaN(s.toPhysical(new double[] {0.5})[1]), "1/0 has no value");
    assertEquals(2.0, s.toPhysical(new double[] {0.75})[1], 1e-12);
  }

  @Test
  void parameterNamedLikeAFunctionDoesNotBreakLaterExpressions() {
    ParameterSpace s = space(
        Parameter.continuous("log", 1, 2, Scale.LINEAR),
        Parameter.continuous("m0", 100, 200, Scale.LINEAR),
        Parameter.derived("A0", "-2 * m0"));
    assertEquals(-300, s.toPhysical(new double[] {0, 0.5})[2], 1e-9);
  }
}
