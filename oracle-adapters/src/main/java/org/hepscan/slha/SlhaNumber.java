package org.hepscan.slha;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The number syntax of SLHA files as the codes print it, and the one the writer prints.
 *
 * <p>Read: C and Fortran decimal and exponent forms ({@code 125}, {@code 1.}, {@code .5},
 * {@code 0.179E+04}, {@code -1.23456789E-01}), Fortran {@code D} and {@code Q} exponents
 * ({@code 1.0D+03}), the exponent without a letter that Fortran prints when it has three
 * digits ({@code 1.0-100}), and the not-a-number and infinity spellings of C and Fortran
 * ({@code nan}, {@code -nan} as 2HDMC prints a width it could not compute, {@code NaN},
 * {@code inf}, {@code Infinity}). Not read: hexadecimal floats and Java's {@code 1.0f}/{@code 1d}
 * suffixes, which {@link Double#parseDouble} would accept but no physics code prints.
 */
public final class SlhaNumber {
  private static final Pattern FINITE =
      Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eEdDqQ][+-]?\\d+|[+-]\\d{3,})?");
  private static final Pattern NON_FINITE =
      Pattern.compile("[+-]?(?:nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private SlhaNumber() {}

  /** Whether {@code token} is a number in one of the forms the codes print. */
  public static boolean isNumber(String token) {
    return FINITE.matcher(token).matches() || NON_FINITE.matcher(token).matches();
  }

  /** Whether {@code token} is a whole number written without a point or exponent that fits an int. */
  public static boolean isInteger(String token) {
    if (!INTEGER.matcher(token).matches()) {
      return false;
    }
    try {
      Integer.parseInt(token);
      return true;
    } catch (NumberFormatException tooLarge) {
      return false;
    }
  }

  /**
   * The value of a number token.
   *
   * @throws NumberFormatException when {@code token} is not a number ({@link #isNumber} is false)
   */
  public static double parse(String token) {
    if (FINITE.matcher(token).matches()) {
      return Double.parseDouble(javaForm(token));
    }
    if (NON_FINITE.matcher(token).matches()) {
      String t = token.toLowerCase(Locale.ROOT);
      if (t.endsWith("nan")) {
        return Double.NaN;
      }
      return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    throw new NumberFormatException("not a number: '" + token + "'");
  }

  /** The integer value of an integer token; leading zeros are allowed ({@code 0305} is 305). */
  public static int parseInteger(String token) {
    if (!isInteger(token)) {
      throw new NumberFormatException("not an integer: '" + token + "'");
    }
    return Integer.parseInt(token);
  }

  /**
   * A finite double in the form the writer prints: scientific notation with the fewest digits
   * that read back as exactly the same double ({@code 1.25E+02}, {@code 1.16637E-05},
   * {@code 0.0E+00}).
   *
   * <p>Why this form: the digits are those of {@link Double#toString}, which the JDK guarantees
   * to read back to the same double, so a scan point reaches the code with no rounding; the
   * {@code d.dddE+xx} layout is what the codes themselves print and what every Fortran
   * list-directed and C++ stream reader accepts (Java's own {@code 1000.0}/{@code 1.0E-5}
   * would be too, but a fixed layout keeps input files readable and diffable).
   *
   * @throws IllegalArgumentException for NaN and infinities, which no code reads as input
   */
  public static String format(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("cannot write " + value + " to an SLHA file");
    }
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    if (value == 0) {
      return negative ? "-0.0E+00" : "0.0E+00";
    }
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int exponent = digits.length() - 1 - exact.scale();
    StringBuilder s = new StringBuilder(digits.length() + 8);
    if (negative) {
      s.append('-');
    }
    s.append(digits.charAt(0)).append('.');
    s.append(digits.length() > 1 ? digits.substring(1) : "0");
    s.append('E').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      s.append('0');
    }
    s.append(abs);
    return s.toString();
  }

  private static String javaForm(String token) {
    String t = token.toLowerCase(Locale.ROOT).replace('d', 'e').replace('q', 'e');
    int e = t.indexOf('e');
    if (e < 0 && t.length() > 4) {
      // Fortran's three-digit exponent without a letter: 1.0-100 is 1.0e-100.
      int sign = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
      if (sign > 0) {
        t = t.substring(0, sign) + "e" + t.substring(sign);
      }
    }
    return t;
  }
}
