package org.hepscan.slha;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where one number sits in an SLHA file, as a scan spec names an observable.
 *
 * <pre>
 * MASS[25]                 block entry, one index (the Higgs mass)
 * NMIX[1,1]                two indices; HiggsBoundsResults[1,2] likewise
 * ALPHA                    a block holding a single value with no index
 * FOBS[531,1]              FLHA: the number after the indices (the third token of the line)
 * FOBS[521,1][-15,16]      FLHA: the line ending with these daughters, any order, where the
 *                          parent and type alone fit several lines
 * Yu(Q=min)[3,3]           a block printed at several scales: the lowest ...
 * Yu(Q=max)[3,3]           ... the highest ...
 * Yu(Q=1000)[3,3]          ... or the one nearest to Q = 1000 GeV (on a log scale)
 * WIDTH[25]                the total width of DECAY 25
 * DECAY[25][5,-5]          the branching ratio of 25 into 5 -5 (daughters in any order;
 *                          0 when the DECAY block does not list the channel)
 * abs(MASS[1000022])       the absolute value (a neutralino mass's sign is a phase)
 * </pre>
 *
 * <p>Names are case-insensitive and spaces between the parts are allowed. Without a scale
 * selector a block printed at several scales is read at its lowest scale (see
 * {@link SlhaDocument#block(String)}). The index rule is {@link SlhaBlock#value(int...)}'s.
 *
 * <p>Addresses are immutable and serializable, so that an oracle factory can carry them to
 * executors. Equality is on what the address reads, not on its spelling.
 */
public final class SlhaAddress implements Serializable {
  private static final long serialVersionUID = 1L;

  private enum Kind { BLOCK, WIDTH, DECAY }

  private enum Scale { DEFAULT, MIN, MAX, NEAREST }

  private final String text;
  private final boolean abs;
  private final Kind kind;
  private final String name;
  private final Scale scaleMode;
  private final double scale;
  private final int[] index;
  private final int[] daughters;

  private SlhaAddress(String text, boolean abs, Kind kind, String name, Scale scaleMode, double scale,
      int[] index, int[] daughters) {
    this.text = text;
    this.abs = abs;
    this.kind = kind;
    this.name = name;
    this.scaleMode = scaleMode;
    this.scale = scale;
    this.index = index;
    this.daughters = daughters;
  }

  /**
   * Parses an address.
   *
   * @throws SlhaException naming the address text, the 1-based position and what was expected there
   */
  public static SlhaAddress parse(String text) {
    if (text == null) {
      throw new SlhaException("no SLHA address given");
    }
    return new Parser(text).address();
  }

  /**
   * The number this address points to in {@code doc}, as printed (NaN where the code printed
   * {@code nan}).
   *
   * @throws SlhaException a one-line reason that starts with this address and says what is missing,
   *     e.g. {@code MASS[25]: the file has no block MASS}
   */
  public double read(SlhaDocument doc) {
    try {
      double v = kind == Kind.BLOCK ? readBlock(doc) : readDecay(doc);
      return abs ? Math.abs(v) : v;
    } catch (SlhaException e) {
      throw e.prefixed(text);
    }
  }

  /** The address as written (trimmed). */
  public String text() {
    return text;
  }

  private double readBlock(SlhaDocument doc) {
    List<SlhaBlock> copies = doc.blocks(name);
    if (copies.isEmpty()) {
      throw new SlhaException("the file has no block " + name);
    }
    SlhaBlock b = scaleMode == Scale.DEFAULT ? doc.block(name).orElseThrow() : select(copies);
    return daughters == null ? b.value(index) : b.value(index, daughters);
  }

  private SlhaBlock select(List<SlhaBlock> copies) {
    List<SlhaBlock> scaled = new ArrayList<>();
    for (SlhaBlock b : copies) {
      if (b.scale().isPresent()) {
        scaled.add(b);
      }
    }
    if (scaled.isEmpty()) {
      throw new SlhaException("the file has block " + copies.get(0).name() + " only without a Q= scale");
    }
    Comparator<SlhaBlock> byScale = Comparator.comparingDouble(b -> b.scale().getAsDouble());
    switch (scaleMode) {
      case MIN:
        return scaled.stream().min(byScale).orElseThrow();
      case MAX:
        return scaled.stream().max(byScale).orElseThrow();
      default:
        return scaled.stream()
            .min(Comparator.comparingDouble(b -> Math.abs(Math.log(b.scale().getAsDouble() / scale))))
            .orElseThrow();
    }
  }

  private double readDecay(SlhaDocument doc) {
    Optional<SlhaDecay> d = doc.decay(index[0]);
    if (d.isEmpty()) {
      throw new SlhaException("the file has no DECAY block for " + index[0]);
    }
    return kind == Kind.WIDTH ? d.get().width() : d.get().branchingRatio(daughters);
  }

  private String canonical() {
    StringBuilder s = new StringBuilder();
    s.append(kind == Kind.BLOCK ? name.toUpperCase(Locale.ROOT) : kind.name());
    if (scaleMode == Scale.NEAREST) {
      s.append("(Q=").append(scale).append(')');
    } else if (scaleMode != Scale.DEFAULT) {
      s.append("(Q=").append(scaleMode.name().toLowerCase(Locale.ROOT)).append(')');
    }
    if (index.length > 0 || daughters != null) {
      s.append(Arrays.toString(index));
    }
    if (daughters != null) {
      int[] sorted = daughters.clone();
      Arrays.sort(sorted);
      s.append(Arrays.toString(sorted));
    }
    return abs ? "abs(" + s + ")" : s.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlhaAddress && canonical().equals(((SlhaAddress) o).canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  /** A recursive-descent reader of one address; positions in messages are 1-based. */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String src) {
      this.text = src.strip();
    }

    SlhaAddress address() {
      skipSpaces();
      int nameAt = pos;
      String first = name();
      boolean abs = false;
      String blockName = first;
      skipSpaces();
      if (first.equalsIgnoreCase("abs") && peek() == '(' && !startsScale()) {
        abs = true;
        pos++;
        skipSpaces();
        nameAt = pos;
        blockName = name();
        skipSpaces();
      }
      Kind kind = blockName.equalsIgnoreCase("WIDTH") ? Kind.WIDTH
          : blockName.equalsIgnoreCase("DECAY") ? Kind.DECAY : Kind.BLOCK;
      Scale mode = Scale.DEFAULT;
      double q = Double.NaN;
      if (peek() == '(') {
        if (kind != Kind.BLOCK) {
          throw error("a scale selector belongs to blocks, not to " + kind.name());
        }
        pos++;
        skipSpaces();
        if (!startsWithIgnoreCase("Q")) {
          throw error("expected 'Q=' in the scale selector");
        }
        pos++;
        skipSpaces();
        expect('=');
        skipSpaces();
        int at = pos;
        String value = word();
        if (value.equalsIgnoreCase("min")) {
          mode = Scale.MIN;
        } else if (value.equalsIgnoreCase("max")) {
          mode = Scale.MAX;
        } else if (SlhaNumber.isNumber(value) && SlhaNumber.parse(value) > 0 && Double.isFinite(SlhaNumber.parse(value))) {
          mode = Scale.NEAREST;
          q = SlhaNumber.parse(value);
        } else {
          pos = at;
          throw error("expected 'min', 'max' or a positive scale in GeV after 'Q='");
        }
        skipSpaces();
        expect(')');
        skipSpaces();
      }
      int[] index = new int[0];
      int[] daughters = null;
      int indexAt = pos;
      if (peek() == '[') {
        index = list();
        skipSpaces();
        if (peek() == '[') {
          daughters = list();
          skipSpaces();
        }
      }
      if (abs) {
        expect(')');
        skipSpaces();
      }
      if (pos < text.length()) {
        throw error("unexpected '" + text.charAt(pos) + "'");
      }
      if (kind == Kind.WIDTH && (index.length != 1 || daughters != null)) {
        pos = indexAt;
        throw error("WIDTH takes one PDG code: WIDTH[25]");
      }
      if (kind == Kind.DECAY && (index.length != 1 || daughters == null)) {
        pos = indexAt;
        throw error("DECAY takes the parent and the daughters: DECAY[25][5,-5] (the total width is WIDTH[25])");
      }
      if (kind == Kind.BLOCK && daughters != null && index.length == 0) {
        pos = nameAt;
        throw error("daughters need the parent's indices first: NAME[i,j][d1,d2]");
      }
      return new SlhaAddress(text, abs, kind, blockName, mode, q, index, daughters);
    }

    private int[] list() {
      expect('[');
      List<Integer> values = new ArrayList<>();
      do {
        skipSpaces();
        int at = pos;
        String w = integerWord();
        if (!SlhaNumber.isInteger(w)) {
          pos = at;
          throw error("expected an integer");
        }
        values.add(SlhaNumber.parseInteger(w));
        skipSpaces();
      } while (accept(','));
      expect(']');
      return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private String name() {
      int start = pos;
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos || !Character.isLetter(text.charAt(start))) {
        pos = start;
        throw error("expected a block name, WIDTH, DECAY or abs(");
      }
      return text.substring(start, pos);
    }

    private String word() {
      int start = pos;
      while (pos < text.length() && ")[]".indexOf(text.charAt(pos)) < 0 && !Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
      return text.substring(start, pos);
    }

    private String integerWord() {
      int start = pos;
      if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
        pos++;
      }
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      return text.substring(start, pos);
    }

    private boolean startsScale() {
      int save = pos;
      pos++;
      skipSpaces();
      boolean q = startsWithIgnoreCase("Q");
      if (q) {
        pos++;
        skipSpaces();
        q = peek() == '=';
      }
      pos = save;
      return q;
    }

    private boolean startsWithIgnoreCase(String s) {
      return text.regionMatches(true, pos, s, 0, s.length());
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private boolean accept(char c) {
      if (peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!accept(c)) {
        throw error("expected '" + c + "'");
      }
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private SlhaException error(String what) {
      String found = pos < text.length() ? "" : " (the text ends there)";
      return new SlhaException("bad SLHA address '" + text + "': " + what + " at position " + (pos + 1) + found);
    }
  }
}
