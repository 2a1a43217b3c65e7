package org.hepscan.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hepscan.config.ConfigException;
import org.hepscan.config.Options;
import org.junit.jupiter.api.Test;

/** Parsing a model: section into a ForestSpec; no Spark needed. */
class ForestSpecTest {

  private static ForestSpec parse(Task task, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return ForestSpec.parse(Options.of("strategy.model", m), task);
  }

  private static ConfigException bad(Object... kv) {
    return assertThrows(ConfigException.class, () -> parse(Task.REGRESSION, kv));
  }

  @Test
  void defaultsDependOnTheEnsemble() {
    ForestSpec rf = parse(Task.REGRESSION, "type", "random-forest");
    assertEquals(100, rf.trees());
    assertEquals(10, rf.maxDepth());
    assertEquals(64, rf.maxBins());
    assertEquals(1.0, rf.subsamplingRate());
    assertEquals("auto", rf.featureSubsetStrategy());
    assertFalse(rf.describe().containsKey("step_size"));

    ForestSpec gbt = parse(Task.CLASSIFICATION, "type", "gbt");
    assertEquals("gbt", gbt.type());
    assertEquals(Task.CLASSIFICATION, gbt.task());
    assertEquals(5, gbt.maxDepth());
    assertEquals(0.1, gbt.stepSize());
    assertEquals(0.8, gbt.subsamplingRate());
    assertEquals("all", gbt.featureSubsetStrategy());
    assertEquals(0.1, gbt.describe().get("step_size"));
  }

  @Test
  void everyKeyIsRead() {
    ForestSpec s = parse(Task.REGRESSION, "type", "gbt", "trees", 7, "max_depth", 3, "max_bins", 16,
        "min_instances_per_node", 4, "min_info_gain", 0.01, "subsampling_rate", 0.5,
        "feature_subset_strategy", "sqrt", "step_size", 0.05);
    assertEquals(7, s.trees());
    assertEquals(3, s.maxDepth());
    assertEquals(16, s.maxBins());
    assertEquals(4, s.minInstancesPerNode());
    assertEquals(0.01, s.minInfoGain());
    assertEquals(0.5, s.subsamplingRate());
    assertEquals("sqrt", s.featureSubsetStrategy());
    assertEquals(0.05, s.stepSize());
    assertEquals("0.5", parse(Task.REGRESSION, "type", "random-forest", "feature_subset_strategy", 0.5)
        .featureSubsetStrategy());
    assertEquals("2", parse(Task.REGRESSION, "type", "random-forest", "feature_subset_strategy", 2)
        .featureSubsetStrategy());
    assertEquals("1.0", parse(Task.REGRESSION, "type", "random-forest", "feature_subset_strategy", 1.0)
        .featureSubsetStrategy(), "1.0 is all inputs, as MLlib reads it");
  }

  @Test
  void badOptionsNameTheirKey() {
    assertEquals("strategy.model.depth", bad("type", "random-forest", "depth", 3).path());
    ConfigException e = bad("type", "random-forest", "step_size", 0.1);
    assertEquals("strategy.model.step_size", e.path(), "step_size is for gbt only");
    assertTrue(e.getMessage().contains("max_depth"), "lists what is allowed: " + e.getMessage());
    assertEquals("strategy.model.type", bad("type", "xgboost").path());
    assertEquals("strategy.model.type", bad("trees", 10).path());
    assertEquals("strategy.model.max_depth", bad("type", "gbt", "max_depth", 31).path());
    assertEquals("strategy.model.trees", bad("type", "gbt", "trees", 0).path());
    assertEquals("strategy.model.trees", bad("type", "gbt", "trees", "many").path());
    assertEquals("strategy.model.max_bins", bad("type", "gbt", "max_bins", 1).path());
    assertEquals("strategy.model.min_instances_per_node", bad("type", "gbt", "min_instances_per_node", 0).path());
    assertEquals("strategy.model.subsampling_rate", bad("type", "random-forest", "subsampling_rate", 0).path());
    assertEquals("strategy.model.subsampling_rate", bad("type", "random-forest", "subsampling_rate", 1.5).path());
    assertEquals("strategy.model.step_size", bad("type", "gbt", "step_size", 0).path());
    assertEquals("strategy.model.feature_subset_strategy",
        bad("type", "random-forest", "feature_subset_strategy", "half").path());
    assertEquals("strategy.model.feature_subset_strategy",
        bad("type", "random-forest", "feature_subset_strategy", 1.5).path());
    assertEquals("strategy.model.feature_subset_strategy",
        bad("type", "random-forest", "feature_subset_strategy", 0).path());
  }
}
