package org.hepscan.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/**
 * Spec values set by Spark configuration, as Spark users set an application's options:
 * {@code spark.hepscan.<path>=<value>}, the path a YAML path of the spec with dots
 * ({@code spark.hepscan.stop.max_evaluations=500}, {@code spark.hepscan.seed=7},
 * {@code spark.hepscan.output=hdfs:///scans/a}) and the value read as YAML
 * ({@code 500} a number, {@code [0, 10]} a list, {@code {min: 0, max: 1}} a mapping).
 * They come from {@code spark-submit --conf}, {@code spark-defaults.conf} or
 * {@code hepscan run --conf}, and win over the file; command-line flags such as
 * {@code --output} win over them.
 *
 * <p>The values are set in the document before it is validated, so a bad value or an
 * unknown key is the same error as in the file, naming the setting instead of a line. The
 * spec as run is then written out whole ({@link #applyTo}), with the settings listed at its
 * top, so that the output's {@code spec.yaml} alone reproduces the scan on resume.
 */
public final class SpecOverrides {
  public static final String PREFIX = "spark.hepscan.";

  /** One setting: the Spark key, the YAML path it sets, and the value as YAML read it. */
  public record Setting(String key, String path, Object value, String text) {
  }

  private static final YAMLMapper WRITER = new YAMLMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .build());

  private final List<Setting> settings;

  private SpecOverrides(List<Setting> settings) {
    this.settings = List.copyOf(settings);
  }

  public static SpecOverrides none() {
    return new SpecOverrides(List.of());
  }

  /**
   * The {@code spark.hepscan.*} entries of a Spark configuration ({@code SparkConf.getAll()}
   * as a map), in the order of their keys. A key that is not a path, or a value that is not
   * YAML, is a {@link SpecException} naming the key.
   */
  public static SpecOverrides from(Map<String, String> conf) {
    List<Setting> out = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(conf).entrySet()) {
      if (e.getKey().startsWith(PREFIX)) {
        out.add(setting(e.getKey(), e.getValue()));
      }
    }
    return new SpecOverrides(out);
  }

  private static Setting setting(String key, String text) {
    String path = key.substring(PREFIX.length());
    for (String part : path.split("\\.", -1)) {
      if (part.isEmpty()) {
        throw problem(key, "not a path of the spec; write " + PREFIX + "<section>.<key>=<value>, e.g. " + PREFIX
            + "stop.max_evaluations=500");
      }
    }
    if (text == null || text.isBlank()) {
      throw problem(key, "no value; give one as it would be written in the spec (a number, text, [a, b] or {k: v})");
    }
    Object value;
    try {
      value = YamlDocument.parse(key, text).root();
    } catch (SpecException e) {
      throw problem(key, "the value '" + text + "' is not YAML: " + e.problems().get(0).error().problem());
    }
    return new Setting(key, path, value, text);
  }

  private static SpecException problem(String key, String why) {
    return new SpecException(key, 0, new ConfigException("", why));
  }

  public boolean isEmpty() {
    return settings.isEmpty();
  }

  public List<Setting> settings() {
    return settings;
  }

  /**
   * {@code doc} with these values set, its text the spec as run: a comment that lists the
   * settings, then the whole spec. With no settings, {@code doc} itself, text untouched.
   */
  public YamlDocument applyTo(YamlDocument doc) {
    if (settings.isEmpty()) {
      return doc;
    }
    Object root = copy(doc.root());
    if (!(root instanceof Map<?, ?>)) {
      return doc; // not a mapping: the spec reader reports that, at the file's line
    }
    Map<String, String> setBy = new LinkedHashMap<>();
    for (Setting s : settings) {
      set(asMap(root), s);
      setBy.put(s.path(), "the Spark setting " + s.key() + "=" + s.text());
    }
    String text = header(doc.source()) + render(root);
    YamlDocument check = YamlDocument.parse(doc.source(), text);
    if (!SpecDiff.same(root, check.root())) {
      throw new IllegalStateException("the spec with the spark.hepscan.* settings applied does not read back the same:\n" + text);
    }
    return doc.withValuesSetElsewhere(root, text, setBy);
  }

  private String header(String source) {
    StringBuilder b = new StringBuilder();
    b.append("# The spec as run: ").append(source).append(" with these Spark settings applied\n");
    b.append("# (hepscan run OUTPUT/spec.yaml --resume continues this scan as it was started):\n");
    for (Setting s : settings) {
      b.append("#   ").append(s.key()).append('=').append(s.text().replace('\n', ' ')).append('\n');
    }
    return b.toString();
  }

  private static String render(Object root) {
    try {
      return WRITER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the spec as YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static void set(Map<String, Object> root, Setting s) {
    String[] parts = s.path().split("\\.");
    Map<String, Object> at = root;
    String walked = "";
    for (int i = 0; i < parts.length - 1; i++) {
      walked = walked.isEmpty() ? parts[i] : walked + "." + parts[i];
      Object next = at.get(parts[i]);
      if (next == null) {
        next = new LinkedHashMap<String, Object>();
        at.put(parts[i], next);
      } else if (!(next instanceof Map<?, ?>)) {
        throw problem(s.key(), walked + " is " + Options.describe(next) + " in the spec, not a mapping, so it has no key '"
            + parts[i + 1] + "'; set it whole instead, e.g. " + PREFIX + walked + "=" + example(next));
      }
      at = asMap(next);
    }
    at.put(parts[parts.length - 1], s.value());
  }

  private static String example(Object value) {
    return value instanceof List<?> ? "[...]" : "{...}";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  /** A deep copy in mutable containers, so the file's own document stays as read. */
  private static Object copy(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(copy(v)));
      return out;
    }
    return node;
  }
}
