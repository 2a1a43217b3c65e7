package org.hepscan.external.slha;

import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.InputWriter;
import org.hepscan.external.StageCall;
import org.hepscan.external.StageSetup;
import org.hepscan.slha.SlhaDocument;
import org.hepscan.slha.SlhaWriter;

/**
 * The SLHA input file of a spectrum calculator, written per point from a list of entries,
 * each filled from the point or fixed:
 * <pre>
 * inputs:
 *   MINPAR[1]: m0              # a parameter of the scan, by name
 *   MINPAR[4]: sign(sgnmu)     # +1 or -1, written as an integer: the sign of a parameter (0 counts as +)
 *   EXTPAR[0]: sqrt(mQ3*mu3)   # the geometric mean of two parameters, sqrt(|a b|) (an input scale)
 *   SOFTSUSY[0]: 1             # a number; a whole number in YAML is written as an integer (flags)
 *   EXTPAR[26]: ~              # takes a default entry out
 * </pre>
 * An adapter gives the defaults of its model (blocks in the order the code's own examples
 * have them); the spec's {@code inputs:} change, add or remove entries over them. Every
 * name is checked against the scan's parameters on the driver.
 */
public record SlhaInput(String file, ArrayList<Entry> entries) implements InputWriter {
  private static final long serialVersionUID = 1L;
  private static final Pattern KEY = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9_]*)\\s*\\[\\s*(-?\\d+(?:\\s*,\\s*-?\\d+)*)\\s*\\]\\s*");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SIGN = Pattern.compile("sign\\(\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)");
  private static final Pattern GEOMEAN = Pattern.compile("sqrt\\(\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\*\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)");

  /** How an entry gets its value. */
  public enum Kind { CONSTANT, PARAMETER, SIGN, GEOMEAN }

  /** One line of the input: {@code block index... value}. */
  public record Entry(String block, int[] index, Kind kind, double constant, boolean integer, String a, String b)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    double value(StageCall call) {
      return switch (kind) {
        case CONSTANT -> constant;
        case PARAMETER -> call.parameter(a);
        case SIGN -> call.parameter(a) < 0 ? -1 : 1;
        case GEOMEAN -> Math.sqrt(Math.abs(call.parameter(a) * call.parameter(b)));
      };
    }
  }

  public SlhaInput {
    entries = new ArrayList<>(entries);
  }

  @Override
  public void write(StageCall call, Map<String, String> placeholders) throws IOException {
    new SlhaWriter().write(document(call), call.sandbox().resolve(file));
  }

  /** The input for one call's point. */
  public SlhaDocument document(StageCall call) {
    SlhaDocument.Builder doc = SlhaDocument.builder();
    for (Entry e : entries) {
      double v = e.value(call);
      boolean whole = (e.integer || e.kind == Kind.SIGN) && v == Math.rint(v) && e.index.length == 1;
      if (whole) {
        doc.block(e.block).setInt(e.index[0], (long) v);
      } else {
        doc.block(e.block).set(e.index, v);
      }
    }
    return doc.build();
  }

  /**
   * The input {@code file} from {@code defaults} (entry key to value, as a spec writes
   * them) changed by the mapping under {@code key} of {@code stage}, if any.
   */
  public static SlhaInput configure(String file, Options stage, String key, Map<String, Object> defaults, StageSetup setup)
      throws ConfigException {
    String section = stage.pathOf(key);
    Options given = stage.section(key);
    java.util.Set<String> overridden = new java.util.HashSet<>();
    for (String g : given.entries().keySet()) {
      overridden.add(canonical(entry(g, 0, given.pathOf(g), setup)));
    }
    Map<String, Entry> merged = new LinkedHashMap<>();
    for (Map.Entry<String, Object> d : defaults.entrySet()) {
      Entry placeholder = entry(d.getKey(), 0, section, setup);
      if (overridden.contains(canonical(placeholder))) {
        merged.put(canonical(placeholder), placeholder); // keeps the default's place in the file; the spec's value replaces it
        continue;
      }
      try {
        Entry e = entry(d.getKey(), d.getValue(), section, setup);
        merged.put(canonical(e), e);
      } catch (ConfigException ex) {
        throw new ConfigException(section, "the default " + d.getKey() + ": " + d.getValue() + " does not fit this scan: "
            + ex.problem() + "; set " + key + ": {" + d.getKey() + ": YOUR_PARAMETER} (or a number, or ~ to leave it out)");
      }
    }
    for (Map.Entry<String, Object> g : given.entries().entrySet()) {
      String at = given.pathOf(g.getKey());
      if (g.getValue() == null) {
        Entry probe = entry(g.getKey(), 0, at, setup);
        if (merged.remove(canonical(probe)) == null) {
          throw new ConfigException(at, "~ takes a default entry out, and " + g.getKey() + " is not one (defaults: "
              + String.join(", ", defaults.keySet()) + ")");
        }
        continue;
      }
      Entry e = entry(g.getKey(), g.getValue(), at, setup);
      merged.put(canonical(e), e);
    }
    return new SlhaInput(file, new ArrayList<>(merged.values()));
  }

  private static String canonical(Entry e) {
    return e.block.toUpperCase(Locale.ROOT) + java.util.Arrays.toString(e.index);
  }

  private static Entry entry(String key, Object value, String at, StageSetup setup) throws ConfigException {
    Matcher k = KEY.matcher(key);
    if (!k.matches()) {
      throw new ConfigException(at, "'" + key + "' is not an SLHA entry; write BLOCK[index], e.g. MINPAR[1] or EXTPAR[26]");
    }
    String block = k.group(1);
    int[] index;
    try {
      index = java.util.Arrays.stream(k.group(2).split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw new ConfigException(at, "'" + key + "': an index is a whole number that fits an int");
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      return new Entry(block, index, Kind.CONSTANT, Options.toInteger(at, value), true, null, null);
    }
    if (value instanceof Number) {
      return new Entry(block, index, Kind.CONSTANT, Options.toNumber(at, value), false, null, null);
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ConfigException(at, "expected a parameter name, a number, sign(NAME) or sqrt(NAME*NAME); got " + Options.describe(value));
    }
    String t = text.strip();
    Matcher m;
    if ((m = SIGN.matcher(t)).matches()) {
      return new Entry(block, index, Kind.SIGN, 0, true, parameter(m.group(1), at, setup), null);
    }
    if ((m = GEOMEAN.matcher(t)).matches()) {
      return new Entry(block, index, Kind.GEOMEAN, 0, false, parameter(m.group(1), at, setup), parameter(m.group(2), at, setup));
    }
    if (NAME.matcher(t).matches()) {
      return new Entry(block, index, Kind.PARAMETER, 0, false, parameter(t, at, setup), null);
    }
    try {
      double v = Double.parseDouble(t);
      if (Double.isFinite(v)) {
        return new Entry(block, index, Kind.CONSTANT, v, t.matches("[+-]?\\d+"), null, null);
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new ConfigException(at, "'" + t + "' is not a parameter name, a number, sign(NAME) or sqrt(NAME*NAME)");
  }

  private static String parameter(String name, String at, StageSetup setup) throws ConfigException {
    if (setup.space().indexOf(name) < 0) {
      throw new ConfigException(at, "no parameter named " + name + "; the scan has " + setup.space().names());
    }
    return name;
  }

  /** The entries as {@code BLOCK[i]=value} text, for messages and tests. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Entry e : entries) {
      String idx = java.util.Arrays.stream(e.index).mapToObj(Integer::toString).collect(Collectors.joining(","));
      String v = switch (e.kind) {
        case CONSTANT -> e.integer ? Long.toString((long) e.constant) : Double.toString(e.constant);
        case PARAMETER -> e.a;
        case SIGN -> "sign(" + e.a + ")";
        case GEOMEAN -> "sqrt(" + e.a + "*" + e.b + ")";
      };
      parts.add(e.block + "[" + idx + "]=" + v);
    }
    return "SlhaInput(" + file + ": " + String.join(", ", parts) + ")";
  }
}
