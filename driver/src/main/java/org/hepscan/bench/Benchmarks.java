package org.hepscan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.spec.SpecException;
import org.hepscan.spec.YamlDocument;

/** The benchmarks of benchmarks.yaml (a resource of this package), in the order written. */
public final class Benchmarks {
  public static final String RESOURCE_NAME = "benchmarks.yaml";
  private static final List<String> KEYS = List.of("name", "description", "spec", "efficiency_at", "coverage", "faithfulness", "published",
      "smoke", "strategies");
  private static final List<String> RESERVED_SPEC_KEYS = List.of("name", "description", "seed", "strategy", "output");

  private final Map<String, Benchmark> byId;

  private Benchmarks(Map<String, Benchmark> byId) {
    this.byId = byId;
  }

  /** The benchmarks shipped with hepscan. */
  public static Benchmarks load() {
    try (InputStream in = Benchmarks.class.getResourceAsStream(RESOURCE_NAME)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE_NAME + " is missing from the hepscan jar");
      }
      return parse(RESOURCE_NAME, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads benchmarks from YAML text; a problem is a {@link SpecException} with its path and line. */
  public static Benchmarks parse(String source, String text) {
    YamlDocument doc = YamlDocument.parse(source, text);
    try {
      Options top = Options.of("", doc.root());
      Map<String, Benchmark> m = new LinkedHashMap<>();
      for (String id : top.keys()) {
        m.put(id, benchmark(id, top.section(id)));
      }
      if (m.isEmpty()) {
        throw new ConfigException("", "no benchmarks");
      }
      return new Benchmarks(m);
    } catch (ConfigException e) {
      throw new SpecException(source, List.of(new SpecException.Problem(doc.lineOf(e.path()), e)));
    }
  }

  @SuppressWarnings("unchecked")
  private static Benchmark benchmark(String id, Options o) {
    o.allowOnly(KEYS);
    Options spec = o.section("spec");
    for (String k : RESERVED_SPEC_KEYS) {
      if (spec.has(k)) {
        throw new ConfigException(spec.pathOf(k), "the bench sets " + k + " itself (per run); leave it out of the benchmark's spec");
      }
    }
    if (!spec.has("stop")) {
      throw new ConfigException(spec.pathOf("stop"), "missing; each benchmark gives the stop rule of its runs");
    }
    Coverage coverage = null;
    if (o.has("coverage")) {
      try {
        coverage = Coverage.named(o.string("coverage"));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(o.pathOf("coverage"), e.getMessage());
      }
      int dims = Options.of(spec.pathOf("parameters"), spec.raw("parameters")).keys().size();
      if (coverage.dimension() != dims) {
        throw new ConfigException(o.pathOf("coverage"), coverage.name() + " has " + coverage.dimension()
            + "-dimensional regions but the benchmark has " + dims + " parameters");
      }
    }
    boolean faithfulness = o.bool("faithfulness", false);
    Benchmark.Published published = null;
    if (o.has("published")) {
      Options p = o.section("published");
      p.allowOnly("source", "metric", "values");
      Map<String, String> values = new LinkedHashMap<>();
      p.section("values").entries().forEach((k, v) -> values.put(k, String.valueOf(v)));
      published = new Benchmark.Published(p.string("source"), p.string("metric"), values);
    }
    Options smoke = o.section("smoke");
    smoke.allowOnly("stop", "efficiency_at");
    if (!smoke.has("stop")) {
      throw new ConfigException(o.pathOf("smoke"), "missing; give smoke: {stop: {...}, efficiency_at: [...]} for --smoke");
    }
    Map<String, Map<String, Object>> strategies = new LinkedHashMap<>();
    Options s = o.section("strategies");
    for (String name : s.keys()) {
      Options section = s.section(name);
      // the key is the label of the run (a strategy name, or a variant such as dnnc-none);
      // name: says which strategy it is and defaults to the key
      String declared = section.string("name", name);
      Map<String, Object> copy = new LinkedHashMap<>(section.entries());
      copy.put("name", declared);
      if (copy.containsKey("smoke")) {
        section.section("smoke"); // a mapping
      }
      strategies.put(name, copy);
    }
    return new Benchmark(id, o.string("name"), o.string("description", ""), (Map<String, Object>) (Map<?, ?>) spec.entries(),
        counts(o, "efficiency_at"), coverage, faithfulness, published, (Map<String, Object>) (Map<?, ?>) smoke.section("stop").entries(),
        counts(smoke, "efficiency_at"), strategies);
  }

  private static List<Long> counts(Options o, String key) {
    List<Long> l = new ArrayList<>();
    if (!o.has(key)) {
      return l;
    }
    List<Object> raw = o.list(key);
    for (int i = 0; i < raw.size(); i++) {
      long n = Options.toInteger(o.pathOf(key) + "[" + i + "]", raw.get(i));
      if (n < 1) {
        throw new ConfigException(o.pathOf(key) + "[" + i + "]", "expected a positive number of calls, got " + n);
      }
      l.add(n);
    }
    return l;
  }

  public List<Benchmark> all() {
    return List.copyOf(byId.values());
  }

  /**
   * The benchmarks a comma-separated list names, by id (B1) or name (eggbox), in the order
   * given; "all" (or null) is every one.
   */
  public List<Benchmark> select(String list) {
    if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("all")) {
      return all();
    }
    List<Benchmark> out = new ArrayList<>();
    for (String raw : list.split(",")) {
      String w = raw.trim();
      if (w.isEmpty()) {
        continue;
      }
      Benchmark b = byId.values().stream()
          .filter(x -> x.id().equalsIgnoreCase(w) || x.name().equalsIgnoreCase(w)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown benchmark '" + w + "'; known: " + known()));
      if (!out.contains(b)) {
        out.add(b);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no benchmark named; known: " + known());
    }
    return out;
  }

  /** "B1 (eggbox), B2 (shell-2d), ...". */
  public String known() {
    List<String> l = new ArrayList<>();
    byId.values().forEach(b -> l.add(b.id() + " (" + b.name() + ")"));
    return String.join(", ", l) + ", or all";
  }
}
