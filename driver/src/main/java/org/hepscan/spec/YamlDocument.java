package org.hepscan.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;

/**
 * A YAML document read by Jackson into plain maps, lists and scalars, with the line of
 * every key and value, so that a problem found later at {@code strategy.batch} can be
 * reported at its line in the file the user wrote.
 */
public final class YamlDocument {
  private static final YAMLFactory YAML = new YAMLFactory();

  private final String source;
  private final String text;
  private final Object root;
  private final Map<String, Integer> lines;
  /** YAML paths whose value was set outside the file, and by what (see {@link #setBy}). */
  private final Map<String, String> setElsewhere;

  private YamlDocument(String source, String text, Object root, Map<String, Integer> lines, Map<String, String> setElsewhere) {
    this.source = source;
    this.text = text;
    this.root = root;
    this.lines = lines;
    this.setElsewhere = setElsewhere;
  }

  /**
   * This document with another root, written out as {@code newText}, where the values at the
   * paths of {@code setBy} came from elsewhere (path to a description such as the setting
   * that gave it). Problems with the other paths are still reported at their lines in the
   * original file; those under a path set elsewhere name what set it instead.
   */
  YamlDocument withValuesSetElsewhere(Object newRoot, String newText, Map<String, String> setBy) {
    Map<String, Integer> kept = new HashMap<>();
    lines.forEach((path, line) -> {
      if (setBy.keySet().stream().noneMatch(p -> within(path, p))) {
        kept.put(path, line);
      }
    });
    Map<String, String> all = new LinkedHashMap<>(setElsewhere);
    all.putAll(setBy);
    return new YamlDocument(source, newText, newRoot, kept, all);
  }

  /**
   * What set the value at {@code path} or around it, when that was not the file: the
   * description given to {@link #withValuesSetElsewhere} of each such path that contains
   * {@code path} or lies within it; null when the file alone wrote it.
   */
  public String setBy(String path) {
    if (path.isEmpty()) {
      return null;
    }
    List<String> by = new ArrayList<>();
    setElsewhere.forEach((p, what) -> {
      if (within(path, p) || within(p, path)) {
        by.add(what);
      }
    });
    return by.isEmpty() ? null : String.join(", ", by);
  }

  /** True when {@code path} is {@code outer} or lies inside it ({@code a.b[0]} is within {@code a} and {@code a.b}). */
  static boolean within(String path, String outer) {
    if (outer.isEmpty() || path.equals(outer)) {
      return true;
    }
    return path.startsWith(outer) && (path.charAt(outer.length()) == '.' || path.charAt(outer.length()) == '[');
  }

  /**
   * Reads {@code text}. Syntax errors and repeated keys are reported as a
   * {@link SpecException} naming {@code source} and the line.
   */
  public static YamlDocument parse(String source, String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new SpecException(source, 0, new ConfigException("", "the file is empty; a scan spec is a YAML mapping (name:, parameters:, oracle:, ...)"));
      }
      Object root = read(p, "", lines, source);
      if (p.nextToken() != null) {
        throw new SpecException(source, line(p.currentTokenLocation()),
            new ConfigException("", "a spec is one YAML document; found more after the first"));
      }
      return new YamlDocument(source, text, root, lines, Map.of());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String why = e.getOriginalMessage();
      int nl = why.indexOf('\n');
      throw new SpecException(source, at == null ? 0 : line(at),
          new ConfigException("", "not valid YAML: " + (nl > 0 ? why.substring(0, nl) : why)));
    } catch (IOException e) {
      throw new SpecException(source, 0, new ConfigException("", "cannot read: " + e.getMessage()));
    }
  }

  private static Object read(JsonParser p, String path, Map<String, Integer> lines, String source) throws IOException {
    JsonToken t = p.currentToken();
    lines.putIfAbsent(path, line(p.currentTokenLocation()));
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          String childPath = path.isEmpty() ? key : path + "." + key;
          int keyLine = line(p.currentTokenLocation());
          if (m.containsKey(key)) {
            throw new SpecException(source, keyLine, new ConfigException(childPath, "the key '" + key + "' is given twice"));
          }
          lines.put(childPath, keyLine);
          p.nextToken();
          m.put(key, read(p, childPath, lines, source));
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(p, path + "[" + l.size() + "]", lines, source));
        }
        return l;
      }
      case VALUE_NUMBER_INT:
        return p.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case VALUE_STRING:
        return plainNumber(p.getText());
      default:
        throw new SpecException(source, line(p.currentTokenLocation()), new ConfigException(path, "unexpected YAML element " + t));
    }
  }

  // YAML 1.1 reads 1e4 (no dot) as text; physicists write masses that way, so take it as the number it is.
  private static Object plainNumber(String s) {
    if (s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)[eE][-+]?\\d+")) {
      return Double.parseDouble(s);
    }
    return s;
  }

  private static int line(JsonLocation l) {
    return l == null ? 0 : l.getLineNr();
  }

  public String source() {
    return source;
  }

  public String text() {
    return text;
  }

  public Object root() {
    return root;
  }

  /**
   * The line of {@code path}, or of its nearest ancestor written in the file; 0 if unknown
   * or if only the document itself is (a missing top-level section has no line).
   */
  public int lineOf(String path) {
    String p = path;
    while (true) {
      Integer l = lines.get(p);
      if (l != null && (!p.isEmpty() || path.isEmpty())) {
        return l;
      }
      if (p.isEmpty()) {
        return 0;
      }
      int dot = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = dot < 0 ? "" : p.substring(0, dot);
    }
  }
}
