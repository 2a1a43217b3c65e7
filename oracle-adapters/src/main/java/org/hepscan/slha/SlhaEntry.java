package org.hepscan.slha;

import java.util.Arrays;
import java.util.List;

/**
 * One data line of a block: its whitespace-separated tokens exactly as printed, and its comment.
 *
 * <p>Tokens are kept as text because blocks differ in layout: most put integer indices first
 * and the value after them ({@code MASS}: {@code 25 1.147E+02}; {@code NMIX}: {@code 1 1 0.99}),
 * some hold text ({@code SPINFO 2 4.1.22}), and FLHA blocks carry more columns after the value
 * ({@code FOBS}: parent, type, value, scale, NDA, daughters). Keeping the text also lets the writer
 * reproduce a file's numbers digit for digit.
 *
 * <p>Equality is on the tokens only; comments and line numbers are annotations.
 */
public final class SlhaEntry {
  private final String[] tokens;
  private final String comment;
  private final int line;

  /**
   * An entry with the given tokens.
   *
   * @param tokens  at least one token, none empty or holding whitespace or {@code #}
   * @param comment the text after {@code #}, or empty
   * @param line    the 1-based line it was read from, 0 for an entry built in code
   */
  public SlhaEntry(List<String> tokens, String comment, int line) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("an SLHA entry needs at least one token");
    }
    for (String t : tokens) {
      if (t.isEmpty() || t.indexOf('#') >= 0 || t.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("not a single SLHA token: '" + t + "'");
      }
    }
    this.tokens = tokens.toArray(new String[0]);
    this.comment = comment == null ? "" : comment.strip();
    this.line = line;
  }

  /** The tokens as printed. */
  public List<String> tokens() {
    return List.of(tokens);
  }

  /** How many tokens the line has. */
  public int size() {
    return tokens.length;
  }

  /** Token {@code i} (0-based) as printed. */
  public String token(int i) {
    return tokens[i];
  }

  /** Whether token {@code i} exists and is an integer ({@link SlhaNumber#isInteger}). */
  public boolean isInteger(int i) {
    return i < tokens.length && SlhaNumber.isInteger(tokens[i]);
  }

  /** Whether token {@code i} exists and is a number ({@link SlhaNumber#isNumber}). */
  public boolean isNumber(int i) {
    return i < tokens.length && SlhaNumber.isNumber(tokens[i]);
  }

  /** Token {@code i} as a number; check {@link #isNumber} first. */
  public double number(int i) {
    return SlhaNumber.parse(tokens[i]);
  }

  /** Token {@code i} as an integer; check {@link #isInteger} first. */
  public int integer(int i) {
    return SlhaNumber.parseInteger(tokens[i]);
  }

  /**
   * The tokens from {@code i} on joined by single spaces: the text value of a line such as
   * {@code 3 stau LSP} ({@code textFrom(1)} is {@code "stau LSP"}); empty when there are none.
   */
  public String textFrom(int i) {
    return i >= tokens.length ? "" : String.join(" ", Arrays.asList(tokens).subList(i, tokens.length));
  }

  /** Whether the first {@code index.length} tokens are integers equal to {@code index}. */
  public boolean startsWith(int... index) {
    if (index.length > tokens.length) {
      return false;
    }
    for (int k = 0; k < index.length; k++) {
      if (!SlhaNumber.isInteger(tokens[k]) || SlhaNumber.parseInteger(tokens[k]) != index[k]) {
        return false;
      }
    }
    return true;
  }

  /** The comment after {@code #}, stripped; empty when the line had none. */
  public String comment() {
    return comment;
  }

  /** The 1-based line it was read from, 0 for an entry built in code. */
  public int line() {
    return line;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlhaEntry && Arrays.equals(tokens, ((SlhaEntry) o).tokens);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(tokens);
  }

  @Override
  public String toString() {
    return textFrom(0) + (comment.isEmpty() ? "" : "   # " + comment);
  }
}
