package org.hepscan.space;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/**
 * One parameter of a model: a scanned range (linear or log), a sign such as sign(mu),
 * a fixed value, or a value derived from other parameters by an expression.
 *
 * <p>Only continuous and sign parameters are free: they are the coordinates of the unit
 * cube in which strategies work. Validation errors are {@link ConfigException}s with
 * paths relative to the parameter ({@code max}, {@code scale}), so the spec layer can
 * prefix {@code parameters.<name>}.
 */
public final class Parameter implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public enum Kind { CONTINUOUS, SIGN, FIXED, DERIVED }

  public enum Scale {
    LINEAR, LOG;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String name;
  private final Kind kind;
  private final double min;
  private final double max;
  private final Scale scale;
  private final double value;
  private final String expression;

  private Parameter(String name, Kind kind, double min, double max, Scale scale, double value, String expression) {
    this.name = name;
    this.kind = kind;
    this.min = min;
    this.max = max;
    this.scale = scale;
    this.value = value;
    this.expression = expression;
  }

  public static Parameter continuous(String name, double min, double max, Scale scale) {
    checkName(name);
    Objects.requireNonNull(scale, "scale");
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      throw new ConfigException("", "min and max must be finite numbers");
    }
    if (!(min < max)) {
      throw new ConfigException("max", "empty range: max (" + Options.fmt(max) + ") must be greater than min (" + Options.fmt(min) + ")");
    }
    if (scale == Scale.LOG && !(min > 0)) {
      throw new ConfigException("min", "a log-scale range needs min > 0, got " + Options.fmt(min)
          + " (for a range through zero or negative values use scale: linear)");
    }
    return new Parameter(name, Kind.CONTINUOUS, min, max, scale, Double.NaN, null);
  }

  public static Parameter sign(String name) {
    checkName(name);
    return new Parameter(name, Kind.SIGN, -1, 1, Scale.LINEAR, Double.NaN, null);
  }

  public static Parameter fixed(String name, double value) {
    checkName(name);
    if (!Double.isFinite(value)) {
      throw new ConfigException("value", "expected a finite number, got " + value);
    }
    return new Parameter(name, Kind.FIXED, value, value, Scale.LINEAR, value, null);
  }

  /** A parameter computed from others, e.g. {@code A0 = a0_over_m0 * m0}; checked by {@link ParameterSpace}. */
  public static Parameter derived(String name, String expression) {
    checkName(name);
    if (expression == null || expression.isBlank()) {
      throw new ConfigException("expr", "expected an expression such as 'a0_over_m0 * m0'");
    }
    return new Parameter(name, Kind.DERIVED, Double.NaN, Double.NaN, Scale.LINEAR, Double.NaN, expression.trim());
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ConfigException("", "parameter name '" + name
          + "' must start with a letter or '_' and hold only letters, digits and '_' (it becomes a column name and may be used in expressions)");
    }
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isFree() {
    return kind == Kind.CONTINUOUS || kind == Kind.SIGN;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public Scale scale() {
    return scale;
  }

  public double value() {
    return value;
  }

  public String expression() {
    return expression;
  }

  /** Maps a unit-cube coordinate to this parameter's value (free parameters only). */
  public double fromUnit(double u) {
    switch (kind) {
      case CONTINUOUS:
        if (scale == Scale.LOG) {
          double lo = Math.log(min);
          return clamp(Math.exp(lo + u * (Math.log(max) - lo)));
        }
        return clamp(min + u * (max - min));
      case SIGN:
        return u < 0.5 ? -1.0 : 1.0;
      default:
        throw new IllegalStateException(name + " is not a free parameter");
    }
  }

  /** The inverse of {@link #fromUnit}; a sign maps to the middle of its half of [0, 1]. */
  public double toUnit(double v) {
    switch (kind) {
      case CONTINUOUS:
        if (scale == Scale.LOG) {
          return (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min));
        }
        return (v - min) / (max - min);
      case SIGN:
        return v < 0 ? 0.25 : 0.75;
      default:
        throw new IllegalStateException(name + " is not a free parameter");
    }
  }

  // exp/log round-off must not put a value a hair outside the range the user gave.
  private double clamp(double v) {
    return Math.max(min, Math.min(max, v));
  }

  @Override
  public String toString() {
    switch (kind) {
      case CONTINUOUS:
        return name + " in [" + min + ", " + max + "]" + (scale == Scale.LOG ? " (log)" : "");
      case SIGN:
        return name + " = +-1";
      case FIXED:
        return name + " = " + value;
      default:
        return name + " = " + expression;
    }
  }
}
