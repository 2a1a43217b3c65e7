package org.hepscan.external;

import java.util.Locale;
import java.util.regex.Pattern;

/** Numbers as they go into programs' input and come back from their output. */
public final class Numbers {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eEdD][+-]?\\d+)?");

  private Numbers() {
  }

  /**
   * {@code v} as text that reads back as exactly {@code v}: whole numbers without a
   * fraction ({@code 10}, {@code -1}: Fortran and C integer reads accept them), all others
   * as {@link Double#toString} (shortest round-trip form, e.g. {@code 123.456},
   * {@code 1.0E-7}).
   */
  public static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /**
   * A number as programs print it: decimal with an optional exponent, Fortran's {@code D}
   * exponent included ({@code 1.25D+02}); {@code nan}, {@code inf}, {@code infinity} in any
   * case and with a sign. Anything else (Fortran's {@code *****} overflow, words, hex) is a
   * {@link NumberFormatException}.
   */
  public static double parse(String text) {
    String s = text.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        // cases handled above
      }
    }
    if (!DECIMAL.matcher(s).matches()) {
      throw new NumberFormatException("'" + s + "' is not a number");
    }
    return Double.parseDouble(s.replace('d', 'e').replace('D', 'E'));
  }
}
