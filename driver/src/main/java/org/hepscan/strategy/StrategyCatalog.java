package org.hepscan.strategy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.api.StrategyProvider;

/**
 * The strategies this build knows, by the name the spec uses: every {@link StrategyProvider}
 * that {@link ServiceLoader} finds on the class path (this module's own and any a user
 * adds in a jar of their own).
 */
public final class StrategyCatalog {
  private static final Map<String, StrategyProvider> PROVIDERS = load();

  private StrategyCatalog() {
  }

  private static Map<String, StrategyProvider> load() {
    Map<String, StrategyProvider> m = new LinkedHashMap<>();
    for (StrategyProvider p : ServiceLoader.load(StrategyProvider.class, StrategyCatalog.class.getClassLoader())) {
      StrategyProvider before = m.putIfAbsent(p.name(), p);
      if (before != null) {
        throw new IllegalStateException("two strategies are named '" + p.name() + "': " + before.getClass().getName()
            + " and " + p.getClass().getName());
      }
    }
    return m;
  }

  public static Set<String> names() {
    return Collections.unmodifiableSet(PROVIDERS.keySet());
  }

  /** Parses and checks the {@code strategy:} section {@code o}; errors carry paths relative to it. */
  public static StrategyConfig parse(Options o, ParameterSpace space) {
    String name = o.string("name");
    StrategyProvider provider = PROVIDERS.get(name);
    if (provider == null) {
      throw new ConfigException(o.pathOf("name"), "unknown strategy '" + name + "'; known: " + String.join(", ", PROVIDERS.keySet()));
    }
    return provider.parse(o, space);
  }
}
