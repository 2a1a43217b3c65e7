package org.hepscan.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict, typed view of one mapping of a configuration tree (a YAML mapping read into
 * plain Java maps, lists and scalars).
 *
 * <p>Every component (spec sections, strategies, oracles, constraints) reads its options
 * through this class so that all of them reject unknown keys and wrong types the same
 * way, with the full path of the offending value and what was expected.
 */
public final class Options {
  private final String path;
  private final Map<String, Object> values;

  private Options(String path, Map<String, Object> values) {
    this.path = path == null ? "" : path;
    this.values = values;
  }

  /** Wraps {@code node}, which must be a mapping (or null, read as an empty one). */
  public static Options of(String path, Object node) {
    if (node == null) {
      return new Options(path, Collections.emptyMap());
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw new ConfigException(path, "expected a mapping (key: value pairs), got " + describe(node));
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      copy.put(String.valueOf(e.getKey()), e.getValue());
    }
    return new Options(path, copy);
  }

  public static Options empty(String path) {
    return new Options(path, Collections.emptyMap());
  }

  public String path() {
    return path;
  }

  /** The path of one key of this mapping. */
  public String pathOf(String key) {
    return ConfigException.join(path, key);
  }

  public Set<String> keys() {
    return Collections.unmodifiableSet(values.keySet());
  }

  public boolean has(String key) {
    return values.containsKey(key) && values.get(key) != null;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The raw value, null when absent. */
  public Object raw(String key) {
    return values.get(key);
  }

  /** The same mapping without {@code keys}: for a section whose keys are read by two owners. */
  public Options without(String... keys) {
    Map<String, Object> rest = new LinkedHashMap<>(values);
    for (String k : keys) {
      rest.remove(k);
    }
    return new Options(path, rest);
  }

  /**
   * The same mapping with {@code defaults} under it: a key given here wins, a key only in
   * {@code defaults} is added. For a strategy whose model defaults differ from the model type's.
   */
  public Options withDefaults(Map<String, ?> defaults) {
    Map<String, Object> merged = new LinkedHashMap<>(defaults);
    merged.putAll(values);
    return new Options(path, merged);
  }

  /** Rejects any key not in {@code allowed}, naming the ones that are. */
  public Options allowOnly(String... allowed) {
    return allowOnly(List.of(allowed));
  }

  public Options allowOnly(List<String> allowed) {
    for (String key : values.keySet()) {
      if (!allowed.contains(key)) {
        String expected = allowed.isEmpty() ? "this section takes no keys" : "expected one of: " + String.join(", ", allowed);
        throw new ConfigException(pathOf(key), "unknown key '" + key + "'; " + expected);
      }
    }
    return this;
  }

  /** Exactly one of {@code keys} must be present; returns the one that is. */
  public String exactlyOne(String what, String... keys) {
    List<String> present = new ArrayList<>();
    for (String k : keys) {
      if (values.containsKey(k)) {
        present.add(k);
      }
    }
    if (present.size() != 1) {
      String problem = present.isEmpty()
          ? "missing " + what + "; give one of: " + String.join(", ", keys)
          : "give only one of " + String.join(", ", keys) + " for " + what + ", found " + String.join(" and ", present);
      throw new ConfigException(path, problem);
    }
    return present.get(0);
  }

  // ---- scalars -------------------------------------------------------------------

  public double number(String key) {
    return toNumber(pathOf(key), require(key));
  }

  public double number(String key, double fallback) {
    return has(key) ? number(key) : fallback;
  }

  /** A finite number in [min, max]. */
  public double number(String key, double fallback, double min, double max) {
    if (!has(key)) {
      return fallback;
    }
    double v = number(key);
    if (v < min || v > max) {
      throw new ConfigException(pathOf(key), "expected a number between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(v));
    }
    return v;
  }

  public double positive(String key, double fallback) {
    if (!has(key)) {
      return fallback;
    }
    double v = number(key);
    if (!(v > 0)) {
      throw new ConfigException(pathOf(key), "expected a positive number, got " + fmt(v));
    }
    return v;
  }

  public long integer(String key) {
    return toInteger(pathOf(key), require(key));
  }

  public long integer(String key, long fallback) {
    return has(key) ? integer(key) : fallback;
  }

  /** A whole number that is at least {@code min}. */
  public long integer(String key, long fallback, long min) {
    if (!has(key)) {
      return fallback;
    }
    long v = integer(key);
    if (v < min) {
      throw new ConfigException(pathOf(key), "expected a whole number of at least " + min + ", got " + v);
    }
    return v;
  }

  /** A whole number in [min, max], e.g. a batch size that must fit an int. */
  public long integer(String key, long fallback, long min, long max) {
    if (!has(key)) {
      return fallback;
    }
    long v = integer(key, fallback, min);
    if (v > max) {
      throw new ConfigException(pathOf(key), "expected a whole number of at most " + max + ", got " + v);
    }
    return v;
  }

  public String string(String key) {
    Object v = require(key);
    if (!(v instanceof String s)) {
      throw new ConfigException(pathOf(key), "expected a text value, got " + describe(v));
    }
    if (s.isBlank()) {
      throw new ConfigException(pathOf(key), "expected a non-empty text value");
    }
    return s;
  }

  public String string(String key, String fallback) {
    return has(key) ? string(key) : fallback;
  }

  /** One of the given words (case-sensitive, as written in the docs). */
  public String choice(String key, String fallback, String... allowed) {
    if (!has(key)) {
      return fallback;
    }
    String v = string(key);
    if (!List.of(allowed).contains(v)) {
      throw new ConfigException(pathOf(key), "expected one of: " + String.join(", ", allowed) + "; got '" + v + "'");
    }
    return v;
  }

  public boolean bool(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    Object v = values.get(key);
    if (!(v instanceof Boolean b)) {
      throw new ConfigException(pathOf(key), "expected true or false, got " + describe(v));
    }
    return b;
  }

  // ---- structure -----------------------------------------------------------------

  /** A nested mapping; empty when absent. */
  public Options section(String key) {
    return Options.of(pathOf(key), values.get(key));
  }

  public List<Object> list(String key) {
    Object v = require(key);
    if (!(v instanceof List<?> l)) {
      throw new ConfigException(pathOf(key), "expected a list, got " + describe(v));
    }
    return new ArrayList<>(l);
  }

  /** A list of exactly {@code n} numbers, e.g. a window {@code [122, 128]}. */
  public double[] numbers(String key, int n) {
    List<Object> l = list(key);
    if (l.size() != n) {
      throw new ConfigException(pathOf(key), "expected a list of " + n + " numbers, got " + l.size() + " entries");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = toNumber(pathOf(key) + "[" + i + "]", l.get(i));
    }
    return out;
  }

  /** The mapping's entries in the order written, for sections keyed by user names. */
  public Map<String, Object> entries() {
    return Collections.unmodifiableMap(values);
  }

  /** The keys that were set, for checks that need them all (e.g. shares summing to 1). */
  public Set<String> presentKeys() {
    Set<String> s = new LinkedHashSet<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (e.getValue() != null) {
        s.add(e.getKey());
      }
    }
    return s;
  }

  private Object require(String key) {
    Object v = values.get(key);
    if (v == null) {
      throw new ConfigException(pathOf(key), values.containsKey(key) ? "a value is required here" : "missing; this key is required");
    }
    return v;
  }

  // ---- conversions shared with code that walks lists itself ------------------------

  public static double toNumber(String path, Object v) {
    double d;
    if (v instanceof Number n && !(v instanceof BigDecimal) && !(v instanceof BigInteger)) {
      d = n.doubleValue();
    } else if (v instanceof BigDecimal || v instanceof BigInteger) {
      d = ((Number) v).doubleValue();
    } else {
      throw new ConfigException(path, "expected a number, got " + describe(v));
    }
    if (!Double.isFinite(d)) {
      throw new ConfigException(path, "expected a finite number, got " + d);
    }
    return d;
  }

  public static long toInteger(String path, Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      if (b.bitLength() < 64) {
        return b.longValue();
      }
      throw new ConfigException(path, "number too large: " + b);
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
      return (long) n.doubleValue();
    }
    throw new ConfigException(path, "expected a whole number, got " + describe(v));
  }

  /** How a value looks to the user who wrote it: {@code 'lots' (text)}, {@code a list}. */
  public static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof String s) {
      return "'" + s + "' (text)";
    }
    if (v instanceof Boolean b) {
      return b + " (true/false)";
    }
    if (v instanceof Number n) {
      return fmt(n.doubleValue()) + " (a number)";
    }
    if (v instanceof List<?>) {
      return "a list";
    }
    if (v instanceof Map<?, ?>) {
      return "a mapping";
    }
    return v.getClass().getSimpleName();
  }

  public static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
