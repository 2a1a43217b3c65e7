package org.hepscan.strategy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.Strategy;

/** The strategies hepscan knows, by the name the spec uses. A new strategy adds one line here. */
public final class StrategyCatalog {
  private static final Map<String, BiFunction<Options, ParameterSpace, Strategy>> STRATEGIES = new LinkedHashMap<>();

  static {
    STRATEGIES.put("random", RandomStrategy::new);
    STRATEGIES.put("mcmc", McmcStrategy::new);
    STRATEGIES.put("mls", MlsStrategy::new);
    STRATEGIES.put("dnnr", DnnrStrategy::new);
    STRATEGIES.put("dnnc", DnncStrategy::new);
  }

  private StrategyCatalog() {
  }

  public static java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(STRATEGIES.keySet());
  }

  /** Builds the strategy of the {@code strategy:} section {@code o}; errors carry paths relative to it. */
  public static Strategy create(Options o, ParameterSpace space) {
    String name = o.string("name");
    var maker = STRATEGIES.get(name);
    if (maker == null) {
      throw new ConfigException(o.pathOf("name"), "unknown strategy '" + name + "'; known: " + String.join(", ", STRATEGIES.keySet()));
    }
    return maker.apply(o, space);
  }
}
