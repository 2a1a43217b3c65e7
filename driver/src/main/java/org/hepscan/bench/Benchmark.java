package org.hepscan.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecReader;
import org.hepscan.spec.YamlDocument;

/**
 * One benchmark of benchmarks.yaml: a scan spec without strategy, seed and output, the
 * figures to compute from each run, and a {@code strategy:} section per strategy.
 */
public record Benchmark(
    String id,
    String name,
    String description,
    Map<String, Object> spec,
    List<Long> efficiencyAt,
    Coverage coverage,
    boolean faithfulness,
    Published published,
    Map<String, Object> smokeStop,
    List<Long> smokeEfficiencyAt,
    Map<String, Map<String, Object>> strategies) {

  private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  /** Reference figures from the literature, printed under the benchmark's summary. */
  public record Published(String source, String metric, Map<String, String> values) {
  }

  /** The stop rule of a run in this mode. */
  public Map<String, Object> stop(Mode mode) {
    @SuppressWarnings("unchecked")
    Map<String, Object> base = mode.smoke() ? smokeStop : (Map<String, Object>) spec.get("stop");
    Map<String, Object> s = new LinkedHashMap<>(base);
    for (String key : List.of("target_points", "max_evaluations")) {
      if (s.get(key) instanceof Number n) {
        s.put(key, mode.scale(n.longValue()));
      }
    }
    return s;
  }

  /** The call counts N of the efficiency columns in this mode. */
  public List<Long> efficiencyAt(Mode mode) {
    List<Long> l = new ArrayList<>();
    for (long n : mode.smoke() ? smokeEfficiencyAt : efficiencyAt) {
      l.add(mode.scale(n));
    }
    return l;
  }

  /** The figure columns of a run, after calls, in-target points and iterations. */
  public List<String> columns(Mode mode) {
    List<String> c = new ArrayList<>();
    List<Long> at = efficiencyAt(mode);
    for (long n : at) {
      c.add("eff@" + n);
    }
    if (coverage != null) {
      c.addAll(coverage.columns(at));
    }
    if (faithfulness) {
      c.addAll(Faithfulness.COLUMNS);
    }
    return c;
  }

  /**
   * The figures of one run, named as {@link #columns}; null values are blank cells.
   * Without {@code spec} (null) the faithfulness figures are blank; with it they compare
   * the run's in-target points with a truth drawn from {@code seed}.
   */
  public Map<String, Double> figures(RunData run, Mode mode, org.hepscan.spec.ScanSpec spec, long seed) {
    Map<String, Double> m = new LinkedHashMap<>();
    List<Long> at = efficiencyAt(mode);
    for (long n : at) {
      m.put("eff@" + n, run.efficiencyAt(n));
    }
    if (coverage != null) {
      List<String> names = coverage.columns(at);
      List<Double> values = coverage.values(run, at);
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), values.get(i));
      }
    }
    if (faithfulness) {
      List<Double> values = spec == null ? java.util.Arrays.asList(null, null)
          : faithfulness(spec).values(run.inTargetAmongFirst(run.calls()), seed);
      for (int i = 0; i < Faithfulness.COLUMNS.size(); i++) {
        m.put(Faithfulness.COLUMNS.get(i), values.get(i));
      }
    }
    return m;
  }

  /** As {@link #figures(RunData, Mode, org.hepscan.spec.ScanSpec, long)} without the faithfulness figures. */
  public Map<String, Double> figures(RunData run, Mode mode) {
    return figures(run, mode, null, 0);
  }

  /** The faithfulness measure of this benchmark's runs (its spec gives the space, oracle and target). */
  public Faithfulness faithfulness(org.hepscan.spec.ScanSpec spec) {
    return new Faithfulness(spec.space(), spec.oracle().factory(), spec.target());
  }

  /** The {@code strategy:} section for {@code strategy} in this mode ({@code smoke:} overrides applied under --smoke). */
  public Map<String, Object> strategySection(String strategy, Mode mode) {
    Map<String, Object> section = strategies.get(strategy);
    if (section == null) {
      throw new IllegalArgumentException("benchmark " + id + " has no section for strategy '" + strategy + "'");
    }
    Map<String, Object> s = new LinkedHashMap<>(section);
    Object smoke = s.remove("smoke");
    if (mode.smoke() && smoke instanceof Map<?, ?> overrides) {
      overrides.forEach((k, v) -> s.put(String.valueOf(k), v));
    }
    return s;
  }

  /** The text of the spec of one run, as it is written to the run's spec.yaml. */
  public String specText(String strategy, long seed, Mode mode, String output) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", id + "-" + name + "-" + strategy + "-seed" + seed);
    doc.put("description", "hepscan bench " + id + " (" + name + "), strategy " + strategy + ", seed " + seed
        + (mode.smoke() ? ", smoke" : "") + ": " + description);
    doc.put("seed", seed);
    for (Map.Entry<String, Object> e : spec.entrySet()) {
      if (!e.getKey().equals("stop")) {
        doc.put(e.getKey(), e.getValue());
      }
    }
    doc.put("strategy", strategySection(strategy, mode));
    doc.put("stop", stop(mode));
    doc.put("output", output);
    try {
      return YAML.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The validated spec of one run; a problem in it is a {@link org.hepscan.spec.SpecException} naming the benchmark. */
  public ScanSpec spec(String strategy, long seed, Mode mode, String output) {
    String source = Benchmarks.RESOURCE_NAME + " (" + id + ", strategy " + strategy + ")";
    return SpecReader.read(YamlDocument.parse(source, specText(strategy, seed, mode, output)), id);
  }
}
