package org.hepscan.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** spark.hepscan.* settings set spec values; their errors name the setting; the spec as run reads back the same. */
class SpecOverridesTest {
  static final String EGGBOX = """
      name: eggbox
      seed: 42
      parameters:
        x1: {min: 0, max: 31.4}
        x2: [0, 31.4]
      oracle: {builtin: eggbox}
      constraints:
        - {observable: O, gaussian: {mean: 100, sigma: 10}, within_sigma: 2}
      strategy: {name: random, batch: 1000}
      stop: {max_evaluations: 10000}
      output: runs/eggbox
      """;

  static YamlDocument applied(String yaml, Map<String, String> conf) {
    return SpecOverrides.from(conf).applyTo(YamlDocument.parse("eggbox.yaml", yaml));
  }

  static ScanSpec read(String yaml, Map<String, String> conf) {
    return SpecReader.read(applied(yaml, conf), "eggbox");
  }

  static SpecException refused(String yaml, Map<String, String> conf) {
    return assertThrows(SpecException.class, () -> read(yaml, conf));
  }

  @Test
  void settingsReplaceAndAddValuesAndOtherSparkSettingsAreIgnored() {
    ScanSpec s = read(EGGBOX, Map.of(
        "spark.hepscan.stop.max_evaluations", "500",
        "spark.hepscan.stop.wall_time", "2h",
        "spark.hepscan.seed", "7",
        "spark.hepscan.output", "hdfs://nn:8020/scans/eggbox",
        "spark.hepscan.parameters.x1", "{min: 1, max: 2}",
        "spark.executor.memory", "4g",
        "spark.hepscanner", "unrelated"));
    assertEquals(500, s.stop().maxEvaluations());
    assertEquals(7200, s.stop().wallSeconds());
    assertEquals(7, s.seed());
    assertEquals("hdfs://nn:8020/scans/eggbox", s.output());
    assertEquals(1, s.space().parameters().get(0).min());
    assertEquals(2, s.space().parameters().get(0).max());
    assertEquals(1000, ((org.hepscan.strategy.RandomStrategy.Config) s.strategy()).batch(), "what no setting touches stays");
  }

  @Test
  void theSpecAsRunListsTheSettingsAndReadsBackAsTheSameSpec() {
    Map<String, String> conf = Map.of("spark.hepscan.stop.max_evaluations", "500", "spark.hepscan.seed", "7");
    YamlDocument asRun = applied(EGGBOX, conf);
    String text = asRun.text();
    assertTrue(text.startsWith("# The spec as run: eggbox.yaml with these Spark settings applied\n"), text);
    assertTrue(text.contains("#   spark.hepscan.seed=7\n#   spark.hepscan.stop.max_evaluations=500\n"), text);

    // what the output's spec.yaml holds, read alone with no settings, is the spec that ran
    YamlDocument reread = YamlDocument.parse("runs/eggbox/spec.yaml", text);
    assertTrue(SpecDiff.same(asRun.root(), reread.root()));
    ScanSpec again = SpecReader.read(reread, "spec");
    assertEquals(7, again.seed());
    assertEquals(500, again.stop().maxEvaluations());
    assertEquals(List.of("seed"), SpecDiff.differences(YamlDocument.parse("eggbox.yaml", EGGBOX), reread),
        "resuming with the bare file is told the seed differs");
  }

  @Test
  void withoutSettingsTheDocumentAndItsTextAreTheFilesOwn() {
    YamlDocument doc = YamlDocument.parse("eggbox.yaml", EGGBOX);
    assertSame(doc, SpecOverrides.from(Map.of("spark.master", "yarn")).applyTo(doc));
  }

  @Test
  void anIllTypedValueNamesTheSettingNotALineOfTheFile() {
    SpecException e = refused(EGGBOX, Map.of("spark.hepscan.stop.max_evaluations", "lots"));
    assertEquals("eggbox.yaml: stop.max_evaluations: expected a whole number, got 'lots' (text)"
        + " (the value comes from the Spark setting spark.hepscan.stop.max_evaluations=lots)", e.getMessage());
    assertEquals(0, e.line());
  }

  @Test
  void anUnknownKeyNamesTheSetting() {
    assertEquals("eggbox.yaml: stopp: unknown key 'stopp'; expected one of: name, description, seed, parameters, oracle,"
        + " constraints, strategy, stop, output (the value comes from the Spark setting spark.hepscan.stopp.max_evaluations=5)",
        refused(EGGBOX, Map.of("spark.hepscan.stopp.max_evaluations", "5")).getMessage());
    String nested = refused(EGGBOX, Map.of("spark.hepscan.stop.max_evals", "5")).getMessage();
    assertTrue(nested.startsWith("eggbox.yaml: stop.max_evals: unknown key 'max_evals'"), nested);
    assertTrue(nested.endsWith("(the value comes from the Spark setting spark.hepscan.stop.max_evals=5)"), nested);
  }

  @Test
  void problemsTheSettingsDidNotCauseKeepTheirLines() {
    SpecException e = refused(EGGBOX.replace("batch: 1000", "batch: -3"), Map.of("spark.hepscan.seed", "7"));
    assertEquals(9, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("eggbox.yaml:9: strategy.batch: "), e.getMessage());
  }

  @Test
  void keysAndValuesThatAreNotSpecPathsOrYamlAreRefusedByName() {
    assertEquals("spark.hepscan.stop..max: not a path of the spec; write spark.hepscan.<section>.<key>=<value>,"
        + " e.g. spark.hepscan.stop.max_evaluations=500",
        assertThrows(SpecException.class, () -> SpecOverrides.from(Map.of("spark.hepscan.stop..max", "1"))).getMessage());
    assertTrue(assertThrows(SpecException.class, () -> SpecOverrides.from(Map.of("spark.hepscan.", "1")))
        .getMessage().startsWith("spark.hepscan.: not a path of the spec"));
    assertTrue(assertThrows(SpecException.class, () -> SpecOverrides.from(Map.of("spark.hepscan.seed", " ")))
        .getMessage().startsWith("spark.hepscan.seed: no value;"));
    String yaml = assertThrows(SpecException.class, () -> SpecOverrides.from(Map.of("spark.hepscan.parameters.x1", "[1, 2")))
        .getMessage();
    assertTrue(yaml.startsWith("spark.hepscan.parameters.x1: the value '[1, 2' is not YAML: "), yaml);
  }

  @Test
  void aKeyInsideAValueThatIsNoMappingSaysToSetItWhole() {
    SpecException e = refused(EGGBOX, Map.of("spark.hepscan.parameters.x2.min", "3"));
    assertEquals("spark.hepscan.parameters.x2.min: parameters.x2 is a list in the spec, not a mapping, so it has no key 'min';"
        + " set it whole instead, e.g. spark.hepscan.parameters.x2=[...]", e.getMessage());
  }

  /** Every example, with a setting applied, is written out and read back as the same spec (templates, lists, numbers). */
  @Test
  void everyExampleSurvivesBeingWrittenOutWithASetting() throws IOException {
    List<Path> specs;
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("user.dir")).resolveSibling("examples"))) {
      specs = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(specs.size() >= 7, "examples: " + specs);
    for (Path f : specs) {
      YamlDocument doc = YamlDocument.parse(f.toString(), Files.readString(f));
      YamlDocument asRun = SpecOverrides.from(Map.of("spark.hepscan.stop.max_iterations", "3")).applyTo(doc);
      ScanSpec fromFile = SpecReader.read(doc, "x");
      ScanSpec reread = SpecReader.read(YamlDocument.parse("spec.yaml", asRun.text()), "x");
      assertEquals(3, reread.stop().maxIterations(), f.toString());
      assertEquals(fromFile.dataColumns(), reread.dataColumns(), f.toString());
      assertEquals(List.of(), SpecDiff.differences(doc, YamlDocument.parse("spec.yaml", asRun.text())), f.toString());
    }
  }
}
