package org.hepscan.external.chain;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.hepscan.external.StageProvider;

/** The stages this installation knows, by name (found with {@link ServiceLoader}). */
public final class StageCatalog {
  private static final Map<String, StageProvider> PROVIDERS = load();

  private StageCatalog() {
  }

  private static Map<String, StageProvider> load() {
    Map<String, StageProvider> m = new TreeMap<>();
    for (StageProvider p : ServiceLoader.load(StageProvider.class, StageCatalog.class.getClassLoader())) {
      StageProvider previous = m.put(p.name(), p);
      if (previous != null) {
        throw new IllegalStateException("two stages are named '" + p.name() + "': "
            + previous.getClass().getName() + " and " + p.getClass().getName());
      }
    }
    return m;
  }

  public static Map<String, StageProvider> providers() {
    return Collections.unmodifiableMap(PROVIDERS);
  }

  public static boolean has(String name) {
    return PROVIDERS.containsKey(name);
  }

  /** The known names, for messages: {@code command, softsusy, ...}. */
  public static String known() {
    return String.join(", ", PROVIDERS.keySet());
  }
}
