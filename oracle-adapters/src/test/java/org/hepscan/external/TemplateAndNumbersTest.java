package org.hepscan.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Filling in values, and the numbers that go out to programs and come back. */
class TemplateAndNumbersTest {

  @Test
  void placeholdersAreFilledAndDollarDollarBraceIsLiteral() {
    Template t = Template.parse("Block MINPAR\n 1 ${m0}  # $${m0} stays, $5 too\n 3 ${ tanb }\n");
    assertEquals(List.of("m0", "tanb"), List.copyOf(t.names()));
    assertEquals("Block MINPAR\n 1 125  # ${m0} stays, $5 too\n 3 10\n", t.render(Map.of("m0", "125", "tanb", "10")));
    assertEquals(3, t.lineOf("tanb"));
    assertTrue(Template.parse("plain").isLiteral());
    assertThrows(IllegalArgumentException.class, () -> Template.parse("a ${b"));
    assertThrows(IllegalArgumentException.class, () -> Template.parse("a ${} b"));
  }

  @Test
  void aParameterNamedLikeAFilePlaceholderIsAnErrorWhereUsed() {
    StageSetup setup = StageSetup.first(Fakes.space("input", "x"));
    Placeholders p = Placeholders.of(setup, "card.in", null);
    ConfigException e = assertThrows(ConfigException.class, () -> p.template("${input}", "argv[1]", null));
    assertEquals("${input}: 'input' is both a parameter and the placeholder for the stage's input file; rename the parameter", e.problem());
    assertEquals("${x}", p.template("${x}", "argv[1]", null).text());
  }

  @Test
  void formattedNumbersReadBackAsTheSameDouble() {
    assertEquals("10", Numbers.format(10));
    assertEquals("-1", Numbers.format(-1));
    assertEquals("0.30000000000000004", Numbers.format(0.1 + 0.2));
    assertEquals("1.0E-7", Numbers.format(1e-7));
    assertEquals("-0.0", Numbers.format(-0.0));
    assertEquals("1.0E20", Numbers.format(1e20));
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      double v = Double.longBitsToDouble(rng.nextLong());
      if (Double.isFinite(v)) {
        assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(Numbers.parse(Numbers.format(v))), "round trip of " + v);
      }
      double w = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-20, 20));
      assertEquals(w, Numbers.parse(Numbers.format(w)), 0.0);
    }
  }

  @Test
  void numbersAsProgramsPrintThem() {
    assertEquals(125.09, Numbers.parse(" 1.2509E+02 "));
    assertEquals(125.09, Numbers.parse("1.2509D+02"), "Fortran double precision");
    assertEquals(-0.5, Numbers.parse("-.5"));
    assertTrue(Double.isNaN(Numbers.parse("nan")));
    assertTrue(Double.isNaN(Numbers.parse("-NaN")));
    assertEquals(Double.NEGATIVE_INFINITY, Numbers.parse("-Infinity"));
    assertEquals(Double.POSITIVE_INFINITY, Numbers.parse("inf"));
    for (String garbage : new String[] {"*********", "12.5abc", "1.5d", "0x1p3", "", "one"}) {
      assertThrows(NumberFormatException.class, () -> Numbers.parse(garbage), garbage);
    }
  }

  @Test
  void fileNamesStayInTheSandbox() {
    assertEquals("out/spectrum.txt", FileNames.check("out/./spectrum.txt", "p"));
    for (String bad : new String[] {"/etc/passwd", "../x", "a/../../x", ".", " "}) {
      assertThrows(ConfigException.class, () -> FileNames.check(bad, "p"), bad);
    }
  }
}
