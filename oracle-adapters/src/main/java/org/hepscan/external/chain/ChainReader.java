package org.hepscan.external.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.Stage;
import org.hepscan.external.StageProvider;
import org.hepscan.external.StageSetup;
import org.hepscan.space.ParameterSpace;

/**
 * Reads the stages of an oracle from the spec:
 * <pre>
 * oracle: {chain: [ {softsusy: {...}}, {micromegas: {...}} ]}   # several, in order
 * oracle: {command: {...}}                                      # one
 * </pre>
 * Each stage is configured by the provider of its name, knowing the output file of the
 * stage before it; observable names must be unique across the chain (ignoring case, as
 * output columns do).
 */
public final class ChainReader {
  private ChainReader() {
  }

  /** The chain at {@code path} (e.g. {@code oracle.chain}): a non-empty list of one-key mappings. */
  public static ChainFactory chain(Object node, String path, ParameterSpace space, List<ConfigException> warnings) {
    if (!(node instanceof List<?> list)) {
      throw new ConfigException(path, "expected a list of stages, e.g. chain: [{command: {...}}, {command: {...}}]; got " + Options.describe(node));
    }
    if (list.isEmpty()) {
      throw new ConfigException(path, "an empty chain; give at least one stage (known: " + StageCatalog.known() + ")");
    }
    List<String> names = new ArrayList<>();
    List<Options> options = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = path + "[" + i + "]";
      Object entry = list.get(i);
      if (!(entry instanceof Map<?, ?> m) || m.size() != 1) {
        throw new ConfigException(at, "each stage of a chain is a mapping with one key, its name, e.g. {command: {argv: [...]}}; got "
            + (entry instanceof Map<?, ?> m2 ? "the keys " + String.join(", ", m2.keySet().stream().map(String::valueOf).toList()) : Options.describe(entry)));
      }
      Map.Entry<?, ?> e = m.entrySet().iterator().next();
      names.add(String.valueOf(e.getKey()));
      options.add(Options.of(ConfigException.join(at, String.valueOf(e.getKey())), e.getValue()));
    }
    return build(names, options, space, warnings);
  }

  /** One stage written {@code oracle: {NAME: {...}}}; {@code options} is the stage's mapping. */
  public static ChainFactory single(String name, Options options, ParameterSpace space, List<ConfigException> warnings) {
    return build(List.of(name), List.of(options), space, warnings);
  }

  private static ChainFactory build(List<String> names, List<Options> options, ParameterSpace space, List<ConfigException> warnings) {
    List<Stage> stages = new ArrayList<>();
    Map<String, String> seen = new HashMap<>(); // observable, lower case -> "stage k (name)" and its spelling
    Map<String, String> spelled = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Options o = options.get(i);
      StageProvider provider = StageCatalog.providers().get(name);
      if (provider == null) {
        throw new ConfigException(o.path(), "unknown stage '" + name + "'; known: " + StageCatalog.known());
      }
      Stage previous = i == 0 ? null : stages.get(i - 1);
      StageSetup setup = new StageSetup(space, i + 1, previous == null ? null : previous.name(),
          previous == null ? null : previous.output(), warnings);
      Stage stage = provider.configure(o, setup);
      String label = "stage " + (i + 1) + " (" + name + ")";
      for (String obs : stage.observables()) {
        String key = obs.toLowerCase(Locale.ROOT);
        String other = seen.putIfAbsent(key, label);
        if (other != null) {
          Options declared = o.section("observables");
          String at = o.has("observables") && declared.has(obs) ? declared.pathOf(obs) : o.path();
          String same = spelled.get(key).equals(obs) ? "" : " (as '" + spelled.get(key) + "'; output columns ignore case)";
          throw new ConfigException(at, "observable '" + obs + "' is also given by " + other + same
              + "; observable names must be unique across the chain");
        }
        spelled.put(key, obs);
      }
      stages.add(stage);
    }
    return new ChainFactory(stages, space.names());
  }
}
