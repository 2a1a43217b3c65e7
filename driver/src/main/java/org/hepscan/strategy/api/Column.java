package org.hepscan.strategy.api;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A column a strategy adds to every row it writes ({@code points/iteration=K/*.parquet}),
 * after the fixed columns: e.g. mcmc's {@code chain} and {@code accepted}, nested sampling's
 * {@code logwt}. Every such column is nullable: a row the strategy has no value for (a
 * uniform start point has no chain) holds null.
 *
 * @param name a plain identifier (letters, digits, underscore; not starting with a digit),
 *     distinct, ignoring case, from the fixed columns, the parameters and the observables
 * @param type what the column holds
 * @param doc one line for the user: what the value means, and what null means where it can be null
 */
public record Column(String name, Type type, String doc) {
  /** The value types a strategy column may have, as Parquet stores them. */
  public enum Type {
    /** 64-bit integer; a value given as an {@code Integer} or {@code Long}. */
    LONG,
    /** 64-bit float; a value given as a {@code Double} or {@code Float}. */
    DOUBLE,
    BOOLEAN,
    STRING;

    /** True when {@code value} (not null) can be stored in a column of this type. */
    boolean accepts(Object value) {
      return switch (this) {
        case LONG -> value instanceof Long || value instanceof Integer;
        case DOUBLE -> value instanceof Double || value instanceof Float;
        case BOOLEAN -> value instanceof Boolean;
        case STRING -> value instanceof String;
      };
    }

    /** The value as stored: integers widened to long, floats to double. */
    Object normalize(Object value) {
      if (value instanceof Integer i) {
        return i.longValue();
      }
      if (value instanceof Float f) {
        return f.doubleValue();
      }
      return value;
    }

    String lowerCase() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The columns every row has whatever the strategy (see {@code PointStore}), in the order they
   * are written; the parameters and observables come between {@code loglike} and {@code seconds}.
   */
  public static final List<String> FIXED = List.of("id", "iteration", "origin", "strategy", "status", "in_target", "loglike",
      "seconds", "executor", "message");

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public Column {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("strategy column name '" + name + "' is not a plain identifier (letters, digits and _,"
          + " not starting with a digit): output readers (Spark SQL, pandas, CSV) would need it quoted");
    }
    if (type == null) {
      throw new IllegalArgumentException("strategy column '" + name + "' has no type; give one of long, double, boolean, string");
    }
    doc = doc == null ? "" : doc;
  }

  public static Column ofLong(String name, String doc) {
    return new Column(name, Type.LONG, doc);
  }

  public static Column ofDouble(String name, String doc) {
    return new Column(name, Type.DOUBLE, doc);
  }

  public static Column ofBoolean(String name, String doc) {
    return new Column(name, Type.BOOLEAN, doc);
  }

  public static Column ofString(String name, String doc) {
    return new Column(name, Type.STRING, doc);
  }

  /**
   * Checks that the columns of strategy {@code strategy} can sit beside the fixed columns,
   * the parameters and the observables of a scan: no name twice, ignoring case (Spark,
   * Parquet readers and pandas on most systems do not tell {@code Chain} from {@code chain}).
   *
   * @throws IllegalArgumentException naming the column and what it clashes with
   */
  public static void checkNames(String strategy, List<Column> columns, List<String> parameters, List<String> observables) {
    Map<String, String> taken = new HashMap<>();
    for (String f : FIXED) {
      taken.put(key(f), "the fixed column '" + f + "'");
    }
    for (String p : parameters) {
      taken.putIfAbsent(key(p), "the parameter '" + p + "'");
    }
    for (String o : observables) {
      taken.putIfAbsent(key(o), "the observable '" + o + "'");
    }
    for (Column c : columns) {
      String clash = taken.putIfAbsent(key(c.name()), "the strategy's column '" + c.name() + "'");
      if (clash != null) {
        String fix = clash.startsWith("the parameter")
            ? "rename the parameter in the spec"
            : "the strategy " + strategy + " must name its column otherwise";
        throw new IllegalArgumentException("strategy " + strategy + " adds a column '" + c.name() + "' to the output, which clashes with "
            + clash + " (column names are compared ignoring case); " + fix);
      }
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
