package org.hepscan.external;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;

/**
 * The ways of reading observables this installation knows, by their key, and the reading
 * of a stage's {@code observables:} mapping:
 * <pre>
 * observables:
 *   O:  {from: result.txt, key: O}            # a 'key value' line
 *   mh: {from: stdout, regex: 'mh = (\S+)'}   # group 1, or group: NAME
 *   x:  {from: fit.json, json: best.x}         # a field path, or a JSON pointer /best/x
 * </pre>
 * {@code from} is a file in the sandbox, {@code stdout} or {@code stderr}; without it the
 * stage's output file.
 */
public final class ObservableFormats {
  private static final Map<String, ObservableFormat> FORMATS = load();

  private ObservableFormats() {
  }

  private static Map<String, ObservableFormat> load() {
    Map<String, ObservableFormat> m = new TreeMap<>();
    for (ObservableFormat f : ServiceLoader.load(ObservableFormat.class, ObservableFormats.class.getClassLoader())) {
      ObservableFormat previous = m.put(f.key(), f);
      if (previous != null) {
        throw new IllegalStateException("two observable formats use the key '" + f.key() + "': "
            + previous.getClass().getName() + " and " + f.getClass().getName());
      }
    }
    return m;
  }

  public static Map<String, ObservableFormat> formats() {
    return Collections.unmodifiableMap(FORMATS);
  }

  /**
   * The readers of an {@code observables:} mapping, in the order written.
   * {@code defaultSource} is where an observable without {@code from} is read (the
   * stage's output file), or null when the stage has none.
   */
  public static Map<String, ObservableReader> read(Options section, Source defaultSource) throws ConfigException {
    return read(section, defaultSource, null);
  }

  /**
   * As {@link #read(Options, Source)}, where an observable written as bare text is read
   * with the format {@code shorthand}: an SLHA code's adapter takes {@code mh: MASS[25]}
   * for {@code mh: {slha: MASS[25]}}.
   */
  public static Map<String, ObservableReader> read(Options section, Source defaultSource, String shorthand) throws ConfigException {
    if (shorthand != null && !FORMATS.containsKey(shorthand)) {
      throw new IllegalStateException("no observable format '" + shorthand + "' is installed; known: " + FORMATS.keySet());
    }
    Map<String, ObservableReader> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : section.entries().entrySet()) {
      String name = e.getKey();
      Object node = shorthand != null && e.getValue() instanceof String text ? Map.of(shorthand, text) : e.getValue();
      Options o = Options.of(section.pathOf(name), node);
      List<String> keys = new ArrayList<>();
      for (String k : o.keys()) {
        if (FORMATS.containsKey(k)) {
          keys.add(k);
        }
      }
      if (keys.size() != 1) {
        List<String> known = new ArrayList<>();
        FORMATS.values().forEach(f -> known.add(f.key() + ": (" + f.description() + ")"));
        throw new ConfigException(o.path(), keys.isEmpty()
            ? "say how to read '" + name + "', with one of " + String.join(", ", known)
            : "give only one way to read '" + name + "'; found " + String.join(" and ", keys));
      }
      ObservableFormat format = FORMATS.get(keys.get(0));
      List<String> allowed = new ArrayList<>(List.of("from", format.key()));
      allowed.addAll(format.options());
      o.allowOnly(allowed);
      Source source;
      if (o.has("from")) {
        source = Source.parse(o.string("from"), o.pathOf("from"));
      } else if (defaultSource != null) {
        source = defaultSource;
      } else {
        throw new ConfigException(o.path(), "say where to read '" + name + "' from: from: FILE, from: stdout or from: stderr"
            + " (the stage declares no output: file to read by default)");
      }
      try {
        out.put(name, format.reader(source, o));
      } catch (ConfigException ex) {
        if (node == e.getValue()) {
          throw ex;
        }
        throw new ConfigException(o.path(), ex.problem()); // the user wrote mh: TEXT, not mh: {slha: TEXT}
      }
    }
    return out;
  }
}
