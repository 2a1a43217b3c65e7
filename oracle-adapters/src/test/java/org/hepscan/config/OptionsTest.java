package org.hepscan.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

  /** A mapping as a YAML reader gives it, keys in the order written. */
  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void typedGettersReadYamlScalars() {
    Options o = Options.of("strategy", map(
        "name", "mls", "batch", 100, "fraction", 0.1, "big", 5_000_000_000L,
        "flag", true, "window", List.of(122, 128.5), "model", map("epochs", 10)));
    assertEquals("mls", o.string("name"));
    assertEquals(100, o.integer("batch"));
    assertEquals(100.0, o.number("batch"), 0);  // an integer is a number
    assertEquals(0.1, o.number("fraction"), 0);
    assertEquals(5_000_000_000L, o.integer("big"));
    assertTrue(o.bool("flag", false));
    assertArrayEquals(new double[] {122, 128.5}, o.numbers("window", 2), 0);
    assertEquals(10, o.section("model").integer("epochs"));
    assertEquals("strategy.model.epochs", o.section("model").pathOf("epochs"));
    // fallbacks when absent
    assertEquals(7, o.integer("initial", 7));
    assertEquals(0.5, o.number("absent", 0.5), 0);
    assertEquals("x", o.string("absent", "x"));
    assertFalse(o.bool("absent", false));
    assertTrue(o.section("absent").isEmpty());
    assertEquals(List.of("name", "batch", "fraction", "big", "flag", "window", "model"), List.copyOf(o.keys()));
  }

  @Test
  void wholeNumbersWrittenAsFloatsAreIntegersButFractionsAreNot() {
    Options o = Options.of("stop", map("a", 3.0, "b", 2.5, "c", new BigDecimal("4"), "d", BigInteger.TEN.pow(30)));
    assertEquals(3, o.integer("a"));
    ConfigException e = assertThrows(ConfigException.class, () -> o.integer("b"));
    assertEquals("stop.b", e.path());
    assertEquals("expected a whole number, got 2.5 (a number)", e.problem());
    assertEquals(4, o.integer("c"));
    ConfigException big = assertThrows(ConfigException.class, () -> o.integer("d"));
    assertTrue(big.problem().contains("too large"), big.problem());
    assertEquals(1e30, o.number("d"), 1e15);
  }

  @Test
  void wrongTypeNamesThePathAndWhatWasFound() {
    Options o = Options.of("stop", map("max_evaluations", "lots", "flag", "yes", "name", 3, "list", map()));
    ConfigException num = assertThrows(ConfigException.class, () -> o.number("max_evaluations"));
    assertEquals("stop.max_evaluations", num.path());
    assertEquals("stop.max_evaluations: expected a number, got 'lots' (text)", num.getMessage());
    ConfigException integer = assertThrows(ConfigException.class, () -> o.integer("max_evaluations"));
    assertEquals("stop.max_evaluations", integer.path());
    assertTrue(integer.problem().contains("whole number"), integer.problem());
    ConfigException bool = assertThrows(ConfigException.class, () -> o.bool("flag", false));
    assertEquals("expected true or false, got 'yes' (text)", bool.problem());
    ConfigException text = assertThrows(ConfigException.class, () -> o.string("name"));
    assertEquals("stop.name", text.path());
    assertEquals("expected a text value, got 3 (a number)", text.problem());
    ConfigException list = assertThrows(ConfigException.class, () -> o.list("list"));
    assertEquals("expected a list, got a mapping", list.problem());
    ConfigException notMap = assertThrows(ConfigException.class, () -> Options.of("oracle", List.of(1)));
    assertEquals("oracle", notMap.path());
    assertTrue(notMap.problem().contains("expected a mapping"), notMap.problem());
  }

  @Test
  void listElementErrorsNameTheElement() {
    Options o = Options.of("", map("window", List.of(122, "x"), "short", List.of(1)));
    ConfigException e = assertThrows(ConfigException.class, () -> o.numbers("window", 2));
    assertEquals("window[1]", e.path());
    ConfigException n = assertThrows(ConfigException.class, () -> o.numbers("short", 2));
    assertEquals("short", n.path());
    assertEquals("expected a list of 2 numbers, got 1 entries", n.problem());
  }

  @Test
  void nonFiniteNumbersAreRejected() {
    Options o = Options.of("", map("a", Double.NaN, "b", Double.POSITIVE_INFINITY));
    assertThrows(ConfigException.class, () -> o.number("a"));
    ConfigException e = assertThrows(ConfigException.class, () -> o.number("b"));
    assertTrue(e.problem().contains("finite"), e.problem());
  }

  @Test
  void unknownKeyListsTheAllowedOnes() {
    Options o = Options.of("strategy", map("batch", 1, "batchh", 2));
    ConfigException e = assertThrows(ConfigException.class, () -> o.allowOnly("initial", "batch"));
    assertEquals("strategy.batchh", e.path());
    assertEquals("unknown key 'batchh'; expected one of: initial, batch", e.problem());
    ConfigException none = assertThrows(ConfigException.class, () -> Options.of("o", map("x", 1)).allowOnly());
    assertTrue(none.problem().contains("takes no keys"), none.problem());
    Options.of("o", map("batch", 1)).allowOnly("initial", "batch"); // no error
  }

  @Test
  void missingAndNullValues() {
    Options o = Options.of("stop", map("empty", null));
    ConfigException missing = assertThrows(ConfigException.class, () -> o.number("target_points"));
    assertEquals("stop.target_points", missing.path());
    assertEquals("missing; this key is required", missing.problem());
    ConfigException nul = assertThrows(ConfigException.class, () -> o.string("empty"));
    assertEquals("a value is required here", nul.problem());
    assertFalse(o.has("empty"));
    assertEquals(Arrays.asList(), List.copyOf(o.presentKeys()));
    assertEquals(5, o.integer("empty", 5));
  }

  @Test
  void rangesAndChoices() {
    Options o = Options.of("s", map("frac", 1.5, "lr", -0.1, "epochs", 0, "act", "tanh", "blank", "  "));
    ConfigException range = assertThrows(ConfigException.class, () -> o.number("frac", 0, 0, 1));
    assertEquals("expected a number between 0 and 1, got 1.5", range.problem());
    ConfigException pos = assertThrows(ConfigException.class, () -> o.positive("lr", 1));
    assertEquals("s.lr", pos.path());
    assertEquals("expected a positive number, got -0.1", pos.problem());
    ConfigException atLeast = assertThrows(ConfigException.class, () -> o.integer("epochs", 1, 1));
    assertEquals("expected a whole number of at least 1, got 0", atLeast.problem());
    ConfigException choice = assertThrows(ConfigException.class, () -> o.choice("act", "relu", "relu", "sigmoid"));
    assertEquals("expected one of: relu, sigmoid; got 'tanh'", choice.problem());
    assertEquals("relu", o.choice("absent", "relu", "relu", "sigmoid"));
    assertThrows(ConfigException.class, () -> o.string("blank"));
  }

  @Test
  void exactlyOneOfSeveralKeys() {
    assertEquals("window", Options.of("c", map("observable", "mh", "window", List.of(1, 2))).exactlyOne("the rule", "window", "upper"));
    ConfigException none = assertThrows(ConfigException.class,
        () -> Options.of("c", map("observable", "mh")).exactlyOne("the rule", "window", "upper"));
    assertEquals("c", none.path());
    assertEquals("missing the rule; give one of: window, upper", none.problem());
    ConfigException two = assertThrows(ConfigException.class,
        () -> Options.of("c", map("window", 1, "upper", 2)).exactlyOne("the rule", "window", "upper"));
    assertTrue(two.problem().contains("found window and upper"), two.problem());
  }

  @Test
  void describeShowsValuesAsTheUserWroteThem() {
    assertEquals("nothing", Options.describe(null));
    assertEquals("'lots' (text)", Options.describe("lots"));
    assertEquals("true (true/false)", Options.describe(true));
    assertEquals("3 (a number)", Options.describe(3));
    assertEquals("3 (a number)", Options.describe(3.0));
    assertEquals("2.5 (a number)", Options.describe(2.5));
    assertEquals("a list", Options.describe(List.of(1)));
    assertEquals("a mapping", Options.describe(Map.of()));
  }

  @Test
  void configExceptionPathsJoinFromTheLayerAbove() {
    ConfigException e = new ConfigException("window", "empty window");
    assertEquals("window: empty window", e.getMessage());
    assertEquals("[2].window", e.under("[2]").path());
    assertEquals("constraints[2].window", e.under("[2]").under("constraints").path());
    assertEquals("oracle.options.x", new ConfigException("x", "p").under("oracle.options").path());
    assertEquals("window", e.under("").path());
    ConfigException root = new ConfigException(null, "whole document");
    assertEquals("", root.path());
    assertEquals("whole document", root.getMessage());
    assertEquals("stop", root.under("stop").path());
  }
}
