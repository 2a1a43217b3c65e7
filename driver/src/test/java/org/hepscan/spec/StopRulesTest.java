package org.hepscan.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StopRulesTest {
  private static final ParameterSpace SPACE = new ParameterSpace(List.of(Parameter.continuous("x", 0, 1, Parameter.Scale.LINEAR)));

  static StopRules parse(Map<String, Object> stop) {
    return StopRules.parse(Options.of("stop", stop));
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  // ---- durations ----------------------------------------------------------------------

  static List<Arguments> durations() {
    return List.of(
        Arguments.of("90s", 90.0),
        Arguments.of("30m", 1800.0),
        Arguments.of("12h", 43200.0),
        Arguments.of("7d", 604800.0),
        Arguments.of("1.5h", 5400.0),
        Arguments.of("12 h", 43200.0),
        Arguments.of(" 12H ", 43200.0),
        Arguments.of(3600, 3600.0),
        Arguments.of(3600L, 3600.0),
        Arguments.of(0.5, 0.5));
  }

  @ParameterizedTest(name = "{0} = {1} s")
  @MethodSource("durations")
  void durationsAreSecondsOrANumberWithAUnit(Object written, double seconds) {
    assertEquals(seconds, StopRules.duration("stop.wall_time", written));
    assertEquals(seconds, parse(map("wall_time", written)).wallSeconds());
  }

  static List<Object> badDurations() {
    return List.of("12 parsecs", "12", "h", "", "0s", "0", "-5m", "5 m s", "1e3s", "12hours", "PT12H",
        0, -10, 0.0, -0.5, Double.NaN, Double.POSITIVE_INFINITY, true, List.of(12, "h"), Map.of("hours", 12));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("badDurations")
  void aDurationThatIsNotOneIsRejectedWithItsPath(Object written) {
    ConfigException e = assertThrows(ConfigException.class, () -> StopRules.duration("stop.wall_time", written));
    assertEquals("stop.wall_time", e.path());
    assertTrue(e.problem().startsWith("expected a"), e.problem());
    if (!(written instanceof Double d && !Double.isFinite(d))) {
      assertTrue(e.problem().contains("e.g. 90s, 30m, 12h, 7d"), e.problem());
    }
    ConfigException viaParse = assertThrows(ConfigException.class, () -> parse(map("wall_time", written)));
    assertEquals("stop.wall_time", viaParse.path());
  }

  // ---- parsing ------------------------------------------------------------------------

  @Test
  void everyRuleIsRead() {
    StopRules r = parse(map("target_points", 20000, "max_evaluations", 200000, "max_iterations", 500, "wall_time", "12h"));
    assertEquals(new StopRules(20000, 200000, 500, 43200), r);
    assertEquals("target_points 20000, max_evaluations 200000, max_iterations 500, wall_time 43200.0 s", r.toString());
    assertEquals(new StopRules(0, 10, 0, 0), parse(map("max_evaluations", 10)));
    assertEquals(new StopRules(0, 10, 0, 0), parse(map("max_evaluations", 10.0)), "a whole number written with a dot");
  }

  @Test
  void atLeastOneRule() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(map()));
    assertEquals("stop", e.path());
    assertEquals("give at least one stop rule: target_points, max_evaluations, max_iterations or wall_time", e.problem());
    // a key with no value is no rule
    assertEquals("stop", assertThrows(ConfigException.class, () -> parse(map("max_evaluations", null))).path());
  }

  @ParameterizedTest
  @ValueSource(strings = {"target_points", "max_evaluations", "max_iterations"})
  void countsArePositiveWholeNumbers(String key) {
    for (Object bad : List.of(0, -1, 2.5, "many", List.of(1))) {
      ConfigException e = assertThrows(ConfigException.class, () -> parse(map(key, bad)), key + ": " + bad);
      assertEquals("stop." + key, e.path());
      assertTrue(e.problem().startsWith("expected a whole number"), e.problem());
    }
  }

  @Test
  void tooManyIterations() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(map("max_iterations", 3_000_000_000L)));
    assertEquals("stop.max_iterations", e.path());
    assertTrue(e.problem().contains(String.valueOf(Integer.MAX_VALUE)), e.problem());
  }

  @Test
  void unknownKeysAreErrors() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(map("max_evaluations", 10, "max_evals", 10)));
    assertEquals("stop.max_evals", e.path());
    assertTrue(e.problem().contains("expected one of: target_points, max_evaluations, max_iterations, wall_time"), e.problem());
  }

  // ---- reason() and remaining() -------------------------------------------------------

  private static long nextId;

  /** An iteration of {@code n} evaluations of which {@code in} are in target, plus one failed call. */
  static List<Evaluation> iteration(int k, int n, int in) {
    List<Evaluation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Point p = new Point(nextId++, k, "random", new double[] {(i + 0.5) / n});
      Evaluation e = i == n - 1 && i >= in
          ? Evaluation.failed(p, "crash").withTarget(Double.NEGATIVE_INFINITY, false)
          : Evaluation.ok(p, Map.of("O", (double) i)).withTarget(i < in ? 0 : -3, i < in);
      out.add(e);
    }
    return out;
  }

  /** 3 iterations, 30 evaluations, 12 in target. */
  static History history() {
    History h = new History(SPACE);
    h.add(1, iteration(1, 10, 2));
    h.add(2, iteration(2, 10, 4));
    h.add(3, iteration(3, 10, 6));
    assertEquals(30, h.size());
    assertEquals(12, h.inTarget());
    assertEquals(3, h.iterations());
    return h;
  }

  @Test
  void noReasonBeforeAnyLimit() {
    History h = history();
    assertNull(new StopRules(13, 31, 4, 100).reason(h, 99.9));
    assertNull(new StopRules(0, 10, 0, 0).reason(new History(SPACE), 1e9), "an empty history is no reason, nor is time without a wall_time rule");
  }

  @Test
  void targetPoints() {
    assertEquals("reached 12 in-target points (target_points: 12)", new StopRules(12, 0, 0, 0).reason(history(), 0));
    assertEquals("reached 12 in-target points (target_points: 5)", new StopRules(5, 0, 0, 0).reason(history(), 0));
    assertNull(new StopRules(13, 0, 0, 0).reason(history(), 0));
  }

  @Test
  void startRowsCountTowardTargetPointsButAreNoCalls() {
    History h = new History(SPACE);
    List<Evaluation> start = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Point p = new Point(i + 1, 0, "start", new double[] {0.1 * i});
      start.add(Evaluation.ok(p, Map.of("O", 1.0)).withTarget(0, i < 3));
    }
    h.addStart(start);
    nextId = 6;
    h.add(1, iteration(1, 10, 2));
    assertEquals(10, h.size(), "the scan's own calls");
    assertEquals(2, h.inTarget());
    assertEquals(3, h.startInTarget());
    assertEquals(15, h.all().size());
    assertEquals(0.2, h.efficiency(), 1e-12, "the strategy's calls only");
    assertEquals(5, h.upTo(0).start().size(), "an earlier view keeps the start rows");
    assertEquals("reached 5 in-target points, 3 of them start rows (target_points: 5)", new StopRules(5, 0, 0, 0).reason(h, 0));
    assertNull(new StopRules(6, 0, 0, 0).reason(h, 0));
    assertNull(new StopRules(0, 11, 0, 0).reason(h, 0), "5 start rows + 10 calls are 10 evaluations");
    assertEquals(1, new StopRules(0, 11, 0, 0).remaining(h));
    assertThrows(IllegalStateException.class, () -> h.addStart(start), "start rows come first");
  }

  @Test
  void maxEvaluations() {
    assertEquals("reached 30 evaluations (max_evaluations: 30)", new StopRules(0, 30, 0, 0).reason(history(), 0));
    assertNull(new StopRules(0, 31, 0, 0).reason(history(), 0));
  }

  @Test
  void maxIterations() {
    assertEquals("reached 3 iterations (max_iterations: 3)", new StopRules(0, 0, 3, 0).reason(history(), 0));
    assertNull(new StopRules(0, 0, 4, 0).reason(history(), 0));
  }

  @Test
  void wallTime() {
    assertEquals("ran 43200 s of wall time (wall_time: 43200 s)", new StopRules(0, 0, 0, 43200).reason(history(), 43200));
    assertEquals("ran 50000 s of wall time (wall_time: 43200 s)", new StopRules(0, 0, 0, 43200).reason(history(), 50000));
    assertNull(new StopRules(0, 0, 0, 43200).reason(history(), 43199.5));
  }

  @Test
  void theFirstRuleReachedIsTheReasonGiven() {
    History h = history();
    StopRules all = new StopRules(12, 30, 3, 10);
    assertTrue(all.reason(h, 20).startsWith("reached 12 in-target points"));
    assertTrue(new StopRules(100, 30, 3, 10).reason(h, 20).startsWith("reached 30 evaluations"));
    assertTrue(new StopRules(100, 100, 3, 10).reason(h, 20).startsWith("reached 3 iterations"));
    assertTrue(new StopRules(100, 100, 100, 10).reason(h, 20).startsWith("ran 20 s"));
  }

  @Test
  void remainingIsTheEvaluationBudgetLeft() {
    History h = history();
    assertEquals(70, new StopRules(0, 100, 0, 0).remaining(h));
    assertEquals(0, new StopRules(0, 30, 0, 0).remaining(h));
    assertEquals(0, new StopRules(0, 20, 0, 0).remaining(h), "never negative");
    assertEquals(100, new StopRules(0, 100, 0, 0).remaining(new History(SPACE)));
    assertEquals(Long.MAX_VALUE, new StopRules(5, 0, 2, 60).remaining(h), "no max_evaluations: no limit on calls");
  }
}
