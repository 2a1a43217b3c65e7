package org.hepscan.surrogate.param;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.surrogate.Task;

/**
 * One hyperparameter, declared once (like a Spark ML {@code Param}): its YAML key, its
 * default (which may depend on the task), the values it accepts, what it means, and how
 * its value is written as a plain value. A {@link ParamSet} uses the declaration to read a
 * {@code model:} section (with ConfigExceptions naming the key), to check values given in
 * code, to describe a spec, and to store and read it back with a model.
 *
 * <p>A parameter declared in one place is read, checked, described and stored the same way
 * everywhere; adding one to a family is one declaration (plus an accessor for the code
 * that trains with it).
 *
 * @param <T> the value's type: Integer, Double, Boolean, String, or a List of Integer
 */
public final class Param<T> {
  /** Reads the key from a section, with the Options' own type and range errors. */
  @FunctionalInterface
  interface Reader<T> {
    T read(Options section, String key, T fallback);
  }

  private final String name;
  private final String description;
  private final Function<Task, T> defaultFor;
  private final Reader<T> reader;
  private final Function<T, String> check;
  private final Function<Object, T> decode;

  private Param(String name, String description, Function<Task, T> defaultFor, Reader<T> reader,
      Function<T, String> check, Function<Object, T> decode) {
    this.name = name;
    this.description = description;
    this.defaultFor = defaultFor;
    this.reader = reader;
    this.check = check;
    this.decode = decode;
  }

  /** A whole number in [min, max]. */
  public static Param<Integer> integer(String name, int fallback, long min, long max, String description) {
    return new Param<>(name, description, t -> fallback,
        (o, k, f) -> (int) o.integer(k, f, min, max),
        v -> v >= min && v <= max ? null : "expected a whole number between " + min + " and " + max + ", got " + v,
        v -> ((Number) v).intValue());
  }

  /** A number in [min, max]. */
  public static Param<Double> number(String name, double fallback, double min, double max, String description) {
    return new Param<>(name, description, t -> fallback,
        (o, k, f) -> o.number(k, f, min, max),
        v -> v >= min && v <= max ? null
            : "expected a number between " + Options.fmt(min) + " and " + Options.fmt(max) + ", got " + v,
        v -> ((Number) v).doubleValue());
  }

  public static Param<Boolean> bool(String name, boolean fallback, String description) {
    return new Param<>(name, description, t -> fallback, (o, k, f) -> o.bool(k, f), v -> null, v -> (Boolean) v);
  }

  /** One of {@code allowed}; the default may depend on the task. */
  public static Param<String> choice(String name, Function<Task, String> fallback, List<String> allowed,
      String description) {
    String[] a = allowed.toArray(String[]::new);
    return new Param<>(name, description, fallback,
        (o, k, f) -> o.choice(k, f, a),
        v -> allowed.contains(v) ? null : "expected one of " + String.join(", ", allowed) + ", got '" + v + "'",
        v -> (String) v);
  }

  /** A non-empty list of whole numbers, each in [min, max]. */
  public static Param<List<Integer>> integers(String name, List<Integer> fallback, long min, long max, String what,
      String example, String description) {
    return new Param<>(name, description, t -> fallback,
        (o, k, f) -> {
          if (!o.has(k)) {
            return f;
          }
          List<Object> l = o.list(k);
          if (l.isEmpty()) {
            throw new ConfigException(o.pathOf(k), "expected at least one " + what + ", e.g. " + example);
          }
          List<Integer> r = new ArrayList<>(l.size());
          for (int i = 0; i < l.size(); i++) {
            String p = o.pathOf(k) + "[" + i + "]";
            long v = Options.toInteger(p, l.get(i));
            if (v < min || v > max) {
              throw new ConfigException(p, "expected a " + what + " between " + min + " and " + max + ", got " + v);
            }
            r.add((int) v);
          }
          return List.copyOf(r);
        },
        v -> {
          if (v.isEmpty()) {
            return "expected at least one " + what + ", e.g. " + example;
          }
          for (int x : v) {
            if (x < min || x > max) {
              return "expected each " + what + " between " + min + " and " + max + ": " + v;
            }
          }
          return null;
        },
        v -> ((List<?>) v).stream().map(e -> ((Number) e).intValue()).toList());
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public T defaultFor(Task task) {
    return defaultFor.apply(task);
  }

  /** The value of this key in {@code section}, or the default for {@code task}. */
  T read(Options section, Task task) {
    return reader.read(section, name, defaultFor(task));
  }

  /** What is wrong with {@code value}, or null. */
  String problem(T value) {
    return value == null ? "missing" : check.apply(value);
  }

  /** A value as written by {@link ParamSet#encode} (or given in code as a plain value). */
  T decode(Object plain) {
    try {
      return decode.apply(Objects.requireNonNull(plain));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(name + ": cannot be " + plain);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
