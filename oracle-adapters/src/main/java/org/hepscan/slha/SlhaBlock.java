package org.hepscan.slha;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * One {@code BLOCK NAME [Q= scale]} of an SLHA file and its entry lines.
 *
 * <p>Lookups follow one rule that fits every layout the codes print: {@link #value(int...)
 * value(i1, ..., in)} finds the line whose first n tokens are integers equal to the index and
 * whose next token is a number, and returns that number. So {@code MASS} reads with one index,
 * {@code NMIX} with two, {@code ALPHA} (a single value, no index) with none, and FLHA's
 * {@code FOBS} lines ({@code parent type value q NDA daughters...}) with two, the value being the
 * third token. Exactly one line must match: an index that fits several lines (NMIX with one
 * index, two FOBS lines for the same parent and type) is an error naming the lines, never a
 * silent choice.
 *
 * <p>The name is kept as printed; lookups by name are case-insensitive. Equality is on the name
 * (ignoring case), the scale and the entries; comments and line numbers are annotations.
 */
public final class SlhaBlock {
  private final String name;
  private final Double scale;
  private final String scaleText;
  private final String comment;
  private final List<SlhaEntry> entries;
  private final int line;

  SlhaBlock(String name, Double scale, String scaleText, String comment, List<SlhaEntry> entries, int line) {
    this.name = name;
    this.scale = scale;
    this.scaleText = scaleText;
    this.comment = comment == null ? "" : comment.strip();
    this.entries = List.copyOf(entries);
    this.line = line;
  }

  /** A builder for a new block without a scale. */
  public static Builder builder(String name) {
    return new Builder(name, null);
  }

  /** A builder for a new block at scale {@code q} (written {@code Block NAME Q= q}). */
  public static Builder builder(String name, double q) {
    if (!Double.isFinite(q)) {
      throw new IllegalArgumentException("block " + name + ": scale " + q + " cannot be written");
    }
    return new Builder(name, q);
  }

  /** A builder holding this block's name, scale, comment and entries, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder(name, scale);
    b.scaleText = scaleText;
    b.comment = comment;
    b.entries.addAll(entries);
    return b;
  }

  /** The name as printed ({@code yu}, {@code Yu}, {@code YU} are the same block). */
  public String name() {
    return name;
  }

  /** The scale of {@code Q= scale} on the header line, empty when there is none. */
  public OptionalDouble scale() {
    return scale == null ? OptionalDouble.empty() : OptionalDouble.of(scale);
  }

  /** The scale as printed (for the writer), null when there is none. */
  String scaleText() {
    return scaleText;
  }

  /** The comment on the header line, empty when there is none. */
  public String comment() {
    return comment;
  }

  /** The entry lines in file order. */
  public List<SlhaEntry> entries() {
    return entries;
  }

  /** The 1-based line of the header, 0 for a block built in code. */
  public int line() {
    return line;
  }

  /** The entries whose first tokens are integers equal to {@code index}, in file order. */
  public List<SlhaEntry> entries(int... index) {
    return entries.stream().filter(e -> e.startsWith(index)).collect(Collectors.toList());
  }

  /** Whether {@link #value(int...)} would find exactly one number for {@code index}. */
  public boolean has(int... index) {
    return valueLines(index).size() == 1;
  }

  /**
   * The number after the index: see the class comment for the rule.
   *
   * @throws SlhaException naming this block and the index when no line or several lines match,
   *     or when the matching line holds text there
   */
  public double value(int... index) {
    List<SlhaEntry> found = valueLines(index);
    if (found.size() == 1) {
      return found.get(0).number(index.length);
    }
    if (found.isEmpty()) {
      List<SlhaEntry> starting = entries(index);
      if (!starting.isEmpty()) {
        SlhaEntry e = starting.get(0);
        String what = index.length < e.size() ? "'" + e.token(index.length) + "'" : "nothing";
        throw new SlhaException(describe() + ", " + entryName(index) + " (line " + e.line() + ") holds "
            + what + " where a number should be");
      }
      throw new SlhaException(index.length == 0
          ? describe() + " has no value line"
          : describe() + " has no " + entryName(index));
    }
    // FLHA observable lines carry columns after the value; there the daughters tell lines apart.
    boolean flha = index.length > 0 && found.stream().allMatch(e -> e.size() > index.length + 2);
    throw new SlhaException(describe() + " has " + found.size() + " lines for " + entryName(index) + " ("
        + linesOf(found) + "); give " + (index.length == 0 ? "an index" : "more indices")
        + (flha ? " or the daughters, as in " + name + Arrays.toString(index).replace(" ", "") + "[d1,d2]" : ""));
  }

  /**
   * The number after the index on the FLHA observable line that ends with the given daughters,
   * e.g. for {@code FOBS}: {@code 521 1 8.07E-05 0 2 -15 16} is {@code value({521, 1}, {16, -15})}.
   * The line must end with {@code NDA d1 ... dNDA}, NDA being the number of daughters; their order
   * does not matter.
   *
   * @throws SlhaException when no line or several lines match
   */
  public double value(int[] index, int[] daughters) {
    int[] wanted = daughters.clone();
    Arrays.sort(wanted);
    List<SlhaEntry> found = valueLines(index).stream()
        .filter(e -> endsWithDaughters(e, index.length + 1, wanted))
        .collect(Collectors.toList());
    String what = entryName(index) + " with daughters " + Arrays.toString(daughters).replace(" ", "");
    if (found.isEmpty()) {
      throw new SlhaException(describe() + " has no " + what);
    }
    if (found.size() > 1) {
      throw new SlhaException(describe() + " has " + found.size() + " lines for " + what + " (" + linesOf(found) + ")");
    }
    return found.get(0).number(index.length);
  }

  /** The text after the index on the first line that starts with it (SPINFO 2: {@code 4.1.22}). */
  public Optional<String> text(int... index) {
    return entries.stream().filter(e -> e.startsWith(index)).findFirst().map(e -> e.textFrom(index.length));
  }

  /** The texts after the index on every line that starts with it, in file order (SPINFO 3, repeated). */
  public List<String> texts(int... index) {
    return entries(index).stream().map(e -> e.textFrom(index.length)).collect(Collectors.toList());
  }

  /** How messages name this block: {@code block MASS}, or {@code block Yu at Q= 1.897E+03}. */
  public String describe() {
    return "block " + name + (scale == null ? "" : " at Q= " + scaleText);
  }

  private List<SlhaEntry> valueLines(int... index) {
    return entries.stream()
        .filter(e -> e.startsWith(index) && e.isNumber(index.length))
        .collect(Collectors.toList());
  }

  private static boolean endsWithDaughters(SlhaEntry e, int firstAfterValue, int[] sortedDaughters) {
    int n = sortedDaughters.length;
    int ndaAt = e.size() - n - 1;
    if (ndaAt < firstAfterValue || !e.isInteger(ndaAt) || e.integer(ndaAt) != n) {
      return false;
    }
    int[] got = new int[n];
    for (int k = 0; k < n; k++) {
      if (!e.isInteger(ndaAt + 1 + k)) {
        return false;
      }
      got[k] = e.integer(ndaAt + 1 + k);
    }
    Arrays.sort(got);
    return Arrays.equals(got, sortedDaughters);
  }

  private static String entryName(int[] index) {
    return index.length == 0 ? "value line" : "entry " + Arrays.toString(index).replace(" ", "");
  }

  private static String linesOf(List<SlhaEntry> found) {
    return "lines " + found.stream().map(e -> String.valueOf(e.line())).collect(Collectors.joining(", "));
  }

  /** The name as lookups compare it. */
  String key() {
    return name.toUpperCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SlhaBlock)) {
      return false;
    }
    SlhaBlock b = (SlhaBlock) o;
    return key().equals(b.key()) && Objects.equals(scale, b.scale) && entries.equals(b.entries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key(), scale, entries);
  }

  @Override
  public String toString() {
    return describe() + " (" + entries.size() + " entries)";
  }

  /**
   * Builds a block entry by entry. {@code set} replaces the line that has the same index and a
   * single value after it, in place, or appends one; numbers are written with
   * {@link SlhaNumber#format}, so they reach the code exactly.
   */
  public static final class Builder {
    private final String name;
    private final Double scale;
    private String scaleText;
    private String comment = "";
    private final List<SlhaEntry> entries = new ArrayList<>();

    Builder(String name, Double scale) {
      if (name == null || name.isEmpty() || name.indexOf('#') >= 0 || name.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("not an SLHA block name: '" + name + "'");
      }
      this.name = name;
      this.scale = scale;
      this.scaleText = scale == null ? null : SlhaNumber.format(scale);
    }

    /** The block's name as given. */
    public String name() {
      return name;
    }

    /** The scale given, empty when none. */
    public OptionalDouble scale() {
      return scale == null ? OptionalDouble.empty() : OptionalDouble.of(scale);
    }

    /** The comment written on the header line. */
    public Builder headerComment(String text) {
      this.comment = text == null ? "" : text.strip();
      return this;
    }

    /** The single value of a block without indices ({@code Block ALPHA}). */
    public Builder set(double value) {
      return put(new int[0], SlhaNumber.format(value));
    }

    /** {@code index value}, e.g. {@code MINPAR 1 m0}. */
    public Builder set(int index, double value) {
      return put(new int[] {index}, SlhaNumber.format(value));
    }

    /** {@code i j value}, e.g. a matrix element. */
    public Builder set(int i, int j, double value) {
      return put(new int[] {i, j}, SlhaNumber.format(value));
    }

    /** Any number of indices, then the value. */
    public Builder set(int[] index, double value) {
      return put(index.clone(), SlhaNumber.format(value));
    }

    /**
     * {@code index value} with an integer value written without a point ({@code MODSEL 1 1}):
     * flags that Fortran codes read as integers, which {@code 1.0E+00} would break.
     */
    public Builder setInt(int index, long value) {
      return put(new int[] {index}, Long.toString(value));
    }

    /** {@code index text}, e.g. {@code SPINFO 1 hepscan}; the text is split at whitespace. */
    public Builder setText(int index, String text) {
      String t = text == null ? "" : text.strip();
      if (t.isEmpty() || t.indexOf('#') >= 0) {
        throw new IllegalArgumentException(name + " " + index + ": text must be non-empty and hold no '#': '" + text + "'");
      }
      return put(new int[] {index}, t);
    }

    /** Appends a line as given, for layouts the setters do not cover. */
    public Builder add(SlhaEntry entry) {
      entries.add(entry);
      return this;
    }

    /** Puts a comment on the line set or added last. */
    public Builder comment(String text) {
      if (entries.isEmpty()) {
        throw new IllegalStateException("block " + name + " has no line to comment yet");
      }
      SlhaEntry last = entries.remove(entries.size() - 1);
      entries.add(new SlhaEntry(last.tokens(), text, last.line()));
      return this;
    }

    /** Removes every line whose first tokens equal {@code index}. */
    public Builder remove(int... index) {
      entries.removeIf(e -> e.startsWith(index));
      return this;
    }

    /** The block. */
    public SlhaBlock build() {
      return new SlhaBlock(name, scale, scaleText, comment, entries, 0);
    }

    String key() {
      return name.toUpperCase(Locale.ROOT);
    }

    private Builder put(int[] index, String valueText) {
      List<String> tokens = new ArrayList<>();
      for (int i : index) {
        tokens.add(Integer.toString(i));
      }
      tokens.addAll(Arrays.asList(valueText.split("\\s+")));
      int width = tokens.size();
      for (int k = 0; k < entries.size(); k++) {
        SlhaEntry e = entries.get(k);
        if (e.startsWith(index) && (e.size() == width || e.size() == index.length + 1)) {
          entries.set(k, new SlhaEntry(tokens, e.comment(), e.line()));
          return this;
        }
      }
      entries.add(new SlhaEntry(tokens, "", 0));
      return this;
    }
  }
}
