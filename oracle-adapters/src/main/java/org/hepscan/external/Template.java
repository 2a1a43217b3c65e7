package org.hepscan.external;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Text with {@code ${name}} placeholders, filled per call: an argument, a file name, an
 * input card. {@code $${} writes a literal {@code ${}; any other {@code $} is itself.
 * Parsed once on the driver; which names are allowed is the business of
 * {@link Placeholders}.
 */
public final class Template implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String text;
  /** Alternating: even indices literal text, odd indices placeholder names. */
  private final List<String> parts;

  private Template(String text, List<String> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /** Parses {@code text}; an unclosed or empty {@code ${} is an {@link IllegalArgumentException} saying where. */
  public static Template parse(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        literal.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("'${' at character " + (i + 1) + " is not closed by '}'" + lineNote(text, i));
        }
        String name = text.substring(i + 2, end).strip();
        if (name.isEmpty()) {
          throw new IllegalArgumentException("empty placeholder '${}' at character " + (i + 1) + lineNote(text, i));
        }
        parts.add(literal.toString());
        parts.add(name);
        literal.setLength(0);
        i = end + 1;
      } else {
        literal.append(text.charAt(i));
        i++;
      }
    }
    parts.add(literal.toString());
    return new Template(text, parts);
  }

  /** A template without placeholders. */
  public static Template literal(String text) {
    return new Template(text, List.of(text));
  }

  private static String lineNote(String text, int at) {
    if (text.indexOf('\n') < 0) {
      return "";
    }
    int line = 1;
    for (int k = 0; k < at; k++) {
      if (text.charAt(k) == '\n') {
        line++;
      }
    }
    return " (line " + line + ")";
  }

  /** The line of the first use of placeholder {@code name}, for messages about templates of several lines; 0 if one line. */
  int lineOf(String name) {
    if (text.indexOf('\n') < 0) {
      return 0;
    }
    int line = 1;
    for (int k = 0; k < parts.size(); k++) {
      String p = parts.get(k);
      if (k % 2 == 1 && p.equals(name)) {
        return line;
      }
      if (k % 2 == 0) {
        line += (int) p.chars().filter(c -> c == '\n').count();
      }
    }
    return line;
  }

  /** The placeholder names, in order of first use. */
  public Set<String> names() {
    Set<String> s = new LinkedHashSet<>();
    for (int k = 1; k < parts.size(); k += 2) {
      s.add(parts.get(k));
    }
    return Collections.unmodifiableSet(s);
  }

  public boolean isLiteral() {
    return parts.size() == 1;
  }

  /** The text as written. */
  public String text() {
    return text;
  }

  /** The text with every placeholder replaced; a name without a value is a bug of the caller (the spec was checked). */
  public String render(Map<String, String> values) {
    StringBuilder b = new StringBuilder(text.length() + 32);
    for (int k = 0; k < parts.size(); k++) {
      String p = parts.get(k);
      if (k % 2 == 0) {
        b.append(p);
      } else {
        String v = values.get(p);
        if (v == null) {
          throw new IllegalStateException("no value for ${" + p + "} (have " + values.keySet() + ")");
        }
        b.append(v);
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
