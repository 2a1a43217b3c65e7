package org.hepscan.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.external.chain.ChainReader;
import org.hepscan.external.chain.StageCatalog;
import org.hepscan.oracle.OracleCatalog;
import org.hepscan.oracle.OracleFactory;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.StrategyCatalog;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.target.Target;

/**
 * Reads and validates a scan spec. Strict: unknown keys, wrong types, empty ranges,
 * unknown oracles or strategies, and constraints on observables the oracle does not give
 * are all errors, each with its YAML path and line. Sections that do not depend on each
 * other are checked independently, so one run reports every problem it can.
 */
public final class SpecReader {
  static final List<String> TOP_LEVEL = List.of("name", "description", "seed", "parameters", "oracle", "constraints", "strategy", "stop", "output");
  /** Output columns that parameter and observable names must not take. */
  public static final Set<String> RESERVED_COLUMNS = Set.of(
      "id", "iteration", "origin", "strategy", "status", "in_target", "loglike", "seconds", "executor", "message");
  static final double DEFAULT_TIMEOUT_SECONDS = 600;

  private SpecReader() {
  }

  public static ScanSpec read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SpecException(file.toString(), 0, new ConfigException("", "no such file"));
    } catch (IOException e) {
      throw new SpecException(file.toString(), 0, new ConfigException("", "cannot read: " + e.getMessage()));
    }
    String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return read(YamlDocument.parse(file.toString(), text), stem);
  }

  public static ScanSpec read(YamlDocument doc, String defaultName) {
    List<ConfigException> problems = new ArrayList<>();
    Options top;
    try {
      top = Options.of("", doc.root());
      top.allowOnly(TOP_LEVEL);
    } catch (ConfigException e) {
      throw new SpecException(doc.source(), List.of(located(doc, e)));
    }

    String name = attempt(problems, () -> top.string("name", defaultName));
    String description = attempt(problems, () -> top.string("description", ""));
    Long seed = attempt(problems, () -> {
      if (!top.has("seed")) {
        throw new ConfigException("seed", "missing; give a whole number, e.g. seed: 42 (every random choice of the scan derives from it)");
      }
      return top.integer("seed");
    });
    ParameterSpace space = attempt(problems, () -> parameters(top.section("parameters"), top.has("parameters")));
    OracleSpec oracle = space == null ? null : attempt(problems, () -> oracle(top.section("oracle"), top.has("oracle"), space));
    Target target = oracle == null ? null : attempt(problems, () -> constraints(top, oracle));
    StrategyConfig strategy = space == null ? null : attempt(problems, () -> strategy(top, space));
    StartFrom startFrom = attempt(problems, () -> top.raw("strategy") instanceof Map<?, ?> && top.section("strategy").has(StartFrom.KEY)
        ? StartFrom.parse(top.section("strategy")) : null);
    if (strategy != null && oracle != null) {
      attempt(problems, () -> strategyColumns(strategy, space, oracle));
    }
    StopRules stop = attempt(problems, () -> StopRules.parse(requireSection(top, "stop",
        "when to stop, e.g. stop: {max_evaluations: 10000}")));
    String output = attempt(problems, () -> top.string("output", null));

    if (!problems.isEmpty()) {
      List<SpecException.Problem> located = new ArrayList<>();
      problems.forEach(p -> located.add(located(doc, p)));
      throw new SpecException(doc.source(), located);
    }
    return new ScanSpec(doc, name, description, seed, space, oracle, target, strategy, stop, output, startFrom);
  }

  private static SpecException.Problem located(YamlDocument doc, ConfigException e) {
    String by = doc.setBy(e.path());
    if (by != null) {
      // a line of the file would point at a value that is not the one in use
      return new SpecException.Problem(0, new ConfigException(e.path(), e.problem() + " (the value comes from " + by + ")"));
    }
    return new SpecException.Problem(doc.lineOf(e.path()), e);
  }

  private interface Step<T> {
    T get();
  }

  private static <T> T attempt(List<ConfigException> problems, Step<T> step) {
    try {
      return step.get();
    } catch (ConfigException e) {
      problems.add(e);
      return null;
    }
  }

  private static Options requireSection(Options top, String key, String hint) {
    if (!top.has(key)) {
      throw new ConfigException(key, "missing; this section is required (" + hint + ")");
    }
    return top.section(key);
  }

  // ---- parameters ---------------------------------------------------------------------

  static ParameterSpace parameters(Options section, boolean present) {
    if (!present || section.isEmpty()) {
      throw new ConfigException("parameters", "missing; give at least one parameter, e.g. parameters: {m0: {min: 100, max: 4000, scale: log}}");
    }
    List<Parameter> list = new ArrayList<>();
    Map<String, String> seen = new java.util.HashMap<>();
    for (Map.Entry<String, Object> e : section.entries().entrySet()) {
      String name = e.getKey();
      String at = section.pathOf(name);
      String twin = seen.put(column(name), name);
      if (twin != null) {
        throw new ConfigException(at, "'" + name + "' and '" + twin + "' differ only in case, and output columns (Spark, Parquet, pandas on most systems) do not tell them apart; rename one");
      }
      if (RESERVED_COLUMNS.contains(column(name))) {
        throw new ConfigException(at, "'" + name + "' is the name of an output column (" + String.join(", ", RESERVED_COLUMNS.stream().sorted().toList()) + "); rename the parameter");
      }
      try {
        list.add(parameter(name, e.getValue()));
      } catch (ConfigException ex) {
        throw ex.under(at);
      }
    }
    try {
      return new ParameterSpace(list);
    } catch (ConfigException ex) {
      throw ex.under("parameters");
    }
  }

  private static Parameter parameter(String name, Object node) {
    if (node instanceof Number) {
      return Parameter.fixed(name, Options.toNumber("", node));
    }
    if (node instanceof List<?> l) {
      if (l.size() != 2) {
        throw new ConfigException("", "a range is written [min, max]; got a list of " + l.size());
      }
      return Parameter.continuous(name, Options.toNumber("[0]", l.get(0)), Options.toNumber("[1]", l.get(1)), Parameter.Scale.LINEAR);
    }
    if (!(node instanceof Map<?, ?>)) {
      throw new ConfigException("", "expected a range {min: .., max: ..}, a fixed value, {expr: ..} or {sign: true}; got " + Options.describe(node));
    }
    Options o = Options.of("", node);
    boolean range = o.has("min") || o.has("max") || o.has("scale");
    int kinds = (range ? 1 : 0) + (o.has("value") ? 1 : 0) + (o.has("expr") ? 1 : 0) + (o.has("sign") ? 1 : 0);
    if (kinds != 1) {
      throw new ConfigException("", kinds == 0
          ? "say what kind of parameter this is: a range (min, max, optional scale), a fixed value, a derived expr, or sign: true"
          : "a parameter is one of: a range (min, max, scale), value, expr or sign; found keys " + String.join(", ", o.presentKeys()));
    }
    if (range) {
      o.allowOnly("min", "max", "scale");
      String scale = o.choice("scale", "linear", "linear", "log");
      return Parameter.continuous(name, o.number("min"), o.number("max"),
          scale.equals("log") ? Parameter.Scale.LOG : Parameter.Scale.LINEAR);
    }
    if (o.has("value")) {
      o.allowOnly("value");
      return Parameter.fixed(name, o.number("value"));
    }
    if (o.has("expr")) {
      o.allowOnly("expr");
      return Parameter.derived(name, o.string("expr"));
    }
    o.allowOnly("sign");
    if (!o.bool("sign", false)) {
      throw new ConfigException("sign", "write sign: true for a parameter that is -1 or +1 (such as sign(mu)); for a fixed sign use value: 1");
    }
    return Parameter.sign(name);
  }

  /** How Spark and Parquet compare column names: without case. */
  private static String column(String name) {
    return name.toLowerCase(java.util.Locale.ROOT);
  }

  // ---- oracle -------------------------------------------------------------------------

  /** The keys of {@code oracle:} besides the name of a stage. */
  static final List<String> ORACLE_KEYS = java.util.stream.Stream.concat(
      java.util.stream.Stream.of("builtin", "options", "timeout_seconds", "keep_failed", "chain"), FailureGuard.KEYS.stream()).toList();

  /**
   * The oracle, written one of three ways:
   * <pre>
   * oracle: {builtin: NAME, options: {...}}              # a built-in model
   * oracle: {chain: [ {STAGE: {...}}, {STAGE: {...}} ]}  # external programs in one sandbox
   * oracle: {STAGE: {...}}                               # one external program, e.g. command
   * </pre>
   * with {@code timeout_seconds} (per call, the whole chain), {@code keep_failed} and the
   * failure guard's {@code max_failed_fraction} and {@code failure_window} ({@link FailureGuard})
   * beside any of them. Stages are configured here, on the driver: templates are read and
   * every placeholder checked; a program that is not on this machine is only a warning,
   * since executors may have programs the driver lacks (they check before their first call).
   */
  static OracleSpec oracle(Options o, boolean present, ParameterSpace space) {
    String stages = StageCatalog.known();
    if (!present) {
      throw new ConfigException("oracle", "missing; say what to evaluate, e.g. oracle: {builtin: eggbox}; built-in: "
          + String.join(", ", OracleCatalog.providers().keySet()) + "; external programs: chain: [...] or a stage (" + stages + ")");
    }
    List<String> kinds = new ArrayList<>();
    for (String key : o.keys()) {
      if (key.equals("builtin") || key.equals("chain") || (StageCatalog.has(key) && !ORACLE_KEYS.contains(key))) {
        kinds.add(key);
      } else if (!ORACLE_KEYS.contains(key)) {
        throw new ConfigException(o.pathOf(key), "unknown key '" + key + "'; expected one of: " + String.join(", ", ORACLE_KEYS)
            + ", or the name of a stage: " + stages);
      }
    }
    if (kinds.isEmpty()) {
      throw new ConfigException(o.pathOf("builtin"), "missing; name the oracle, one of: " + String.join(", ", OracleCatalog.providers().keySet())
          + "; or run external programs with chain: [...] or a stage (" + stages + ")");
    }
    if (kinds.size() > 1) {
      throw new ConfigException(o.pathOf(kinds.get(1)), "an oracle is one of builtin:, chain: or a single stage; found "
          + String.join(" and ", kinds) + " (several programs go in a chain: [{a: {...}}, {b: {...}}])");
    }
    String kind = kinds.get(0);
    double timeout = o.positive("timeout_seconds", DEFAULT_TIMEOUT_SECONDS);
    boolean keepFailed = o.bool("keep_failed", false);
    FailureGuard guard = FailureGuard.parse(o);
    List<ConfigException> warnings = new ArrayList<>();
    String name;
    OracleFactory factory;
    if (kind.equals("builtin")) {
      name = o.string("builtin");
      try {
        factory = OracleCatalog.configure(name, o.section("options"), space);
      } catch (ConfigException e) {
        throw locateOracleProblem(e, o);
      }
    } else {
      if (o.has("options")) {
        throw new ConfigException(o.pathOf("options"), "options: belong to builtin oracles; a stage takes its options in its own mapping, e.g. "
            + (kind.equals("chain") ? "chain: [{command: {argv: [...]}}]" : kind + ": {...}"));
      }
      factory = kind.equals("chain")
          ? ChainReader.chain(o.raw("chain"), o.pathOf("chain"), space, warnings)
          : ChainReader.single(kind, o.section(kind), space, warnings);
      name = factory.name();
    }
    for (String obs : factory.observables()) {
      String clash = space.names().stream().filter(p -> column(p).equals(column(obs))).findFirst().orElse(null);
      if (RESERVED_COLUMNS.contains(column(obs)) || clash != null) {
        throw new ConfigException(o.pathOf(kind), "the oracle's observable '" + obs + "' has the name of "
            + (clash != null ? "the parameter '" + clash + "'" : "an output column") + " (output columns ignore case); rename "
            + (kind.equals("builtin") ? "the parameter" : "one of them"));
      }
    }
    return new OracleSpec(name, factory, Duration.ofMillis((long) Math.ceil(timeout * 1000)), keepFailed, guard, warnings);
  }

  /**
   * Where an oracle's configuration problem is. Providers read their options through
   * {@link Options}, whose paths are already absolute ({@code oracle.options.crash}); the
   * empty path means the oracle as a whole (an unknown name, eggbox given 3 parameters),
   * which is the builtin key's line.
   */
  private static ConfigException locateOracleProblem(ConfigException e, Options oracle) {
    return e.path().isEmpty() ? e.under(oracle.pathOf("builtin")) : e;
  }

  // ---- constraints and strategy ---------------------------------------------------------

  private static Target constraints(Options top, OracleSpec oracle) {
    if (!top.has("constraints")) {
      return Target.none();
    }
    try {
      return Target.parse(top.list("constraints"), oracle.name(), oracle.factory().observables());
    } catch (ConfigException e) {
      throw e.path().startsWith("constraints") ? e : e.under("constraints");
    }
  }

  /** The strategy's own output columns beside the fixed ones, the parameters and the observables: no name twice. */
  private static Void strategyColumns(StrategyConfig strategy, ParameterSpace space, OracleSpec oracle) {
    try {
      org.hepscan.strategy.api.Column.checkNames(strategy.name(), strategy.newStrategy().columns(), space.names(),
          oracle.factory().observables());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("strategy.name", e.getMessage());
    }
    return null;
  }

  /** Every option of the strategy is read and checked here, once, before Spark starts. */
  private static StrategyConfig strategy(Options top, ParameterSpace space) {
    Options s = requireSection(top, "strategy", "how to choose points, e.g. strategy: {name: random, batch: 1000}");
    // start_from belongs to every strategy alike: read by the scan (StartFrom), not by each strategy
    return StrategyCatalog.parse(s.without(StartFrom.KEY), space);
  }
}
