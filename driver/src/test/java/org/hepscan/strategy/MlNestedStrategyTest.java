package org.hepscan.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.hepscan.oracle.Evaluation;
import org.hepscan.scan.SparkSessions;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.TrainedModel;
import org.hepscan.strategy.nested.InProcessRun;
import org.hepscan.surrogate.MlpSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ml-nested against a known evidence, with its networks really trained: a narrow 2-D
 * Gaussian drawn by rejection from the whole prior ({@code bound: none}), where plain nested
 * sampling needs thousands of calls per replacement at the end and a regressor of log L
 * learns the peak easily; the codes give no answer where x1 > 0.8 (a fifth of the prior, far
 * from the peak), which the classifier learns. The filter must save most of the calls and
 * leave log Z alone.
 */
class MlNestedStrategyTest {
  static SparkSession spark;
  static final ParameterSpace SPACE = ParameterSpace.box(2, 0, 1);
  static final double SIGMA = 0.03;
  /** log of the integral of exp(-r^2 / 2 sigma^2) over the unit square, the peak well inside: log(2 pi sigma^2). */
  static final double TRUTH = Math.log(2 * Math.PI * SIGMA * SIGMA);
  static final ToDoubleFunction<double[]> PEAK = x -> {
    if (x[0] > 0.8) {
      return Double.NaN;
    }
    double dx = x[0] - 0.4;
    double dy = x[1] - 0.6;
    return -(dx * dx + dy * dy) / (2 * SIGMA * SIGMA);
  };

  @BeforeAll
  static void start() {
    spark = SparkSessions.start("local[2]", "ml-nested tests", Map.of("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Map<String, Object> options(String name) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", name);
    o.put("live", 100);
    o.put("batch", 20);
    o.put("bound", "none");
    o.put("dlogz", 0.1);
    if (name.equals(MlNestedStrategy.NAME)) {
      o.put("candidates", 5000);
      o.put("regressor", Map.of("hidden", java.util.List.of(32, 32), "max_steps", 400));
      o.put("classifier", Map.of("hidden", java.util.List.of(32, 32), "max_steps", 400));
    }
    return o;
  }

  static InProcessRun run(org.hepscan.strategy.api.Strategy s, int iterations) {
    return new InProcessRun(SPACE, s, PEAK, 7, new ScanContext(spark, SPACE, null, 7)).until(iterations, 2_000_000);
  }

  static MlNestedStrategy mlNested() {
    return (MlNestedStrategy) StrategyCatalog.parse(Options.of("strategy", options(MlNestedStrategy.NAME)), SPACE).newStrategy();
  }

  @Test
  void theFilterSparesMostCallsAndLeavesTheEvidenceAlone() throws Exception {
    InProcessRun plain = run(StrategyCatalog.parse(Options.of("strategy", options("nested")), SPACE).newStrategy(),
        Integer.MAX_VALUE);
    MlNestedStrategy s = mlNested();
    InProcessRun ml = run(s, Integer.MAX_VALUE);
    assertNotNull(ml.stopped(), "ml-nested ends on the nested stop rule");
    double logZ = ml.result("log_z");
    double error = ml.result("log_z_error");
    assertEquals(TRUTH, logZ, 3 * error + 0.05, "ml-nested log Z " + logZ + " ± " + error + "; plain " + plain.result("log_z"));
    Map<String, Object> r = s.results();
    assertTrue(((Number) r.get("filtered_batches")).longValue() > 0, "the filter was used: " + r);
    assertTrue(((Number) r.get("audited")).longValue() > 0, "filtered batches carry audits: " + r);
    assertTrue(s.models().containsKey(MlNestedStrategy.CLASSIFIER), "the invalid answers trained a classifier: " + s.models().keySet());
    long plainCalls = plain.history().size();
    long mlCalls = ml.history().size();
    assertTrue(mlCalls * 4 < plainCalls, "ml-nested " + mlCalls + " calls, plain nested " + plainCalls + ": " + r);

    // audits are answered and learned from, but never enter the live set or the posterior
    Set<Long> audits = ml.history().all().stream().filter(e -> NestedStrategy.AUDIT.equals(e.point().origin()))
        .map(Evaluation::id).collect(Collectors.toSet());
    assertTrue(!audits.isEmpty());
    ObjectMapper json = new ObjectMapper();
    Map<Long, Double> weights = NestedStrategy.posteriorWeights(json.readTree(json.writeValueAsString(s.state())));
    assertTrue(weights.size() > 100, "the dead and live points carry the posterior");
    assertTrue(weights.keySet().stream().noneMatch(audits::contains), "no audit row has a posterior weight");
    assertEquals(1.0, weights.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
  }

  @Test
  void aResumedRunRepeatsAnUninterruptedOne() throws Exception {
    int stopAt = 30;
    InProcessRun whole = run(mlNested(), stopAt);
    MlNestedStrategy interrupted = mlNested();
    InProcessRun first = run(interrupted, 20);
    assertTrue(((Number) interrupted.results().get("trainings")).intValue() > 0);
    ObjectMapper json = new ObjectMapper();
    JsonNode state = json.readTree(json.writeValueAsString(interrupted.state()));
    MlNestedStrategy restored = mlNested();
    // the loop puts the models back first, then the state, then starts the strategy
    for (Map.Entry<String, TrainedModel> m : interrupted.models().entrySet()) {
      restored.restoreModel(m.getKey(), m.getValue().model().toBytes());
    }
    restored.restore(state);
    InProcessRun resumed = new InProcessRun(SPACE, restored, PEAK, 7, new ScanContext(spark, SPACE, null, 7)).resumeFrom(first)
        .until(stopAt, 2_000_000);
    assertEquals(whole.history().size(), resumed.history().size());
    for (int i = 0; i < whole.history().size(); i++) {
      assertEquals(whole.history().all().get(i).point(), resumed.history().all().get(i).point(), "row " + i);
    }
    assertEquals(whole.result("log_z"), resumed.result("log_z"), 0, "the same log Z, bit for bit");
  }

  @Test
  void theRegressorIsAnEnsembleByDefaultAndTheClassifierOneNetwork() {
    MlNestedStrategy.Config c = (MlNestedStrategy.Config) StrategyCatalog.parse(Options.of("strategy",
        Map.of("name", "ml-nested")), SPACE);
    assertEquals(MlNestedStrategy.REGRESSOR_ENSEMBLE, ((MlpSpec) c.regressor()).ensemble());
    assertEquals(1, ((MlpSpec) c.classifier()).ensemble());
    c = (MlNestedStrategy.Config) StrategyCatalog.parse(Options.of("strategy",
        Map.of("name", "ml-nested", "regressor", Map.of("ensemble", 1, "hidden", java.util.List.of(16)))), SPACE);
    assertEquals(1, ((MlpSpec) c.regressor()).ensemble(), "the user's ensemble wins over the default");
  }

  @Test
  void badOptionsNameTheirKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> StrategyCatalog.parse(Options.of("strategy",
        Map.of("name", "ml-nested", "audit", 0.9)), SPACE));
    assertEquals("strategy.audit", e.path());
    e = assertThrows(ConfigException.class, () -> StrategyCatalog.parse(Options.of("strategy",
        Map.of("name", "ml-nested", "candidates", 1000, "max_candidates", 10)), SPACE));
    assertEquals("strategy.max_candidates", e.path());
    e = assertThrows(ConfigException.class, () -> StrategyCatalog.parse(Options.of("strategy",
        Map.of("name", "ml-nested", "regressor", Map.of("hidden", "wide"))), SPACE));
    assertTrue(e.path().startsWith("strategy.regressor"), e.path());
    e = assertThrows(ConfigException.class, () -> StrategyCatalog.parse(Options.of("strategy",
        Map.of("name", "ml-nested", "live", 100, "batch", 30)), SPACE));
    assertEquals("strategy.batch", e.path(), "the sampler's own options are checked as nested checks them");
  }
}
