package org.hepscan.oracle;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;

/** The oracles this installation knows, by name. */
public final class OracleCatalog {
  private static final Map<String, OracleProvider> PROVIDERS = load();

  private OracleCatalog() {
  }

  private static Map<String, OracleProvider> load() {
    Map<String, OracleProvider> m = new TreeMap<>();
    for (OracleProvider p : ServiceLoader.load(OracleProvider.class, OracleCatalog.class.getClassLoader())) {
      OracleProvider previous = m.put(p.name(), p);
      if (previous != null) {
        throw new IllegalStateException("two oracles are named '" + p.name() + "': "
            + previous.getClass().getName() + " and " + p.getClass().getName());
      }
    }
    return m;
  }

  public static Map<String, OracleProvider> providers() {
    return java.util.Collections.unmodifiableMap(PROVIDERS);
  }

  /**
   * Configures the oracle {@code name}. The thrown exception's path is relative to the
   * options mapping; an unknown name is reported at the empty path with the known ones.
   */
  public static OracleFactory configure(String name, Options options, ParameterSpace space) {
    OracleProvider p = PROVIDERS.get(name);
    if (p == null) {
      throw new ConfigException("", "unknown oracle '" + name + "'; known: " + String.join(", ", PROVIDERS.keySet()));
    }
    return p.configure(options, space);
  }
}
