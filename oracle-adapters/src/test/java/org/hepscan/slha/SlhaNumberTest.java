package org.hepscan.slha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlhaNumberTest {

  @Test
  void readsEveryFormTheCodesPrint() {
    assertEquals(1790.0, SlhaNumber.parse("0.179E+04"), 0);
    assertEquals(1796.7415, SlhaNumber.parse("0.17967415E+04"), 0);
    assertEquals(1000.0, SlhaNumber.parse("1.0e+03"), 0);
    assertEquals(-0.123456789, SlhaNumber.parse("-1.23456789E-01"), 0);
    assertEquals(125.0, SlhaNumber.parse("125"), 0);
    assertEquals(1000.0, SlhaNumber.parse("1.0D+03"), 0);
    assertEquals(0.001, SlhaNumber.parse("1.0d-3"), 0);
    assertEquals(1e-100, SlhaNumber.parse("1.0-100"), 0);
    assertEquals(1e100, SlhaNumber.parse("1.0+100"), 0);
    assertEquals(1.0, SlhaNumber.parse("1."), 0);
    assertEquals(0.5, SlhaNumber.parse(".5"), 0);
    assertEquals(2.0, SlhaNumber.parse("+2"), 0);
    assertTrue(Double.isNaN(SlhaNumber.parse("-nan")));
    assertTrue(Double.isNaN(SlhaNumber.parse("NaN")));
    assertEquals(Double.POSITIVE_INFINITY, SlhaNumber.parse("inf"), 0);
    assertEquals(Double.NEGATIVE_INFINITY, SlhaNumber.parse("-Infinity"), 0);
  }

  @Test
  void textIsNotANumber() {
    for (String t : new String[] {"v4.0.5", "4.1.22", "SOFTSUSY", "[", "1.0f", "1d", "0x1p3", "E5", "", "1e", "--1", "2026-11"}) {
      assertFalse(SlhaNumber.isNumber(t), t);
    }
    assertThrows(NumberFormatException.class, () -> SlhaNumber.parse("4.1.22"));
  }

  @Test
  void integersAreWholeNumbersWithoutPointThatFitAnInt() {
    assertTrue(SlhaNumber.isInteger("1000022"));
    assertTrue(SlhaNumber.isInteger("-1000024"));
    assertEquals(305, SlhaNumber.parseInteger("0305"));  // SPheno's FWCOEF indices
    assertEquals(0, SlhaNumber.parseInteger("00"));
    assertFalse(SlhaNumber.isInteger("1.0"));
    assertFalse(SlhaNumber.isInteger("1e3"));
    assertFalse(SlhaNumber.isInteger("99999999999"));
  }

  @Test
  void formatIsScientificWithTheShortestExactDigits() {
    assertEquals("1.25E+02", SlhaNumber.format(125));
    assertEquals("1.16637E-05", SlhaNumber.format(1.16637e-5));
    assertEquals("-3.0E+03", SlhaNumber.format(-3000));
    assertEquals("1.0E+00", SlhaNumber.format(1));
    assertEquals("0.0E+00", SlhaNumber.format(0));
    assertEquals("-0.0E+00", SlhaNumber.format(-0.0));
    assertEquals("4.9E-324", SlhaNumber.format(Double.MIN_VALUE));
    assertEquals("1.7976931348623157E+308", SlhaNumber.format(Double.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> SlhaNumber.format(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> SlhaNumber.format(Double.POSITIVE_INFINITY));
  }

  @Test
  void formattedDoublesReadBackBitForBit() {
    SplittableRandom rng = new SplittableRandom(20261123L);
    for (int i = 0; i < 200_000; i++) {
      // Random bit patterns cover every exponent, subnormals included; uniform draws cover typical inputs.
      double x = i % 2 == 0 ? Double.longBitsToDouble(rng.nextLong()) : (rng.nextDouble() - 0.5) * 1e4;
      if (!Double.isFinite(x)) {
        continue;
      }
      String s = SlhaNumber.format(x);
      assertTrue(SlhaNumber.isNumber(s), s);
      assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(SlhaNumber.parse(s)), s);
    }
  }
}
