package org.hepscan.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecDiffTest {
  static final String STARTED = """
      name: eggbox
      description: the MLS eggbox
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

  static List<String> diff(String started, String now) {
    return SpecDiff.differences(YamlDocument.parse("started.yaml", started), YamlDocument.parse("now.yaml", now));
  }

  static List<String> changed(String from, String to) {
    if (!STARTED.contains(from)) {
      throw new IllegalArgumentException(from);
    }
    return diff(STARTED, STARTED.replace(from, to));
  }

  @Test
  void theSameSpecHasNoDifferences() {
    assertEquals(List.of(), diff(STARTED, STARTED));
  }

  @Test
  void stopOutputAndDescriptionMayChange() {
    assertEquals(List.of(), changed("stop: {max_evaluations: 10000}", "stop: {max_evaluations: 50000, wall_time: 12h}"));
    assertEquals(List.of(), changed("output: runs/eggbox", "output: hdfs://nn:8020/scans/eggbox"));
    assertEquals(List.of(), changed("description: the MLS eggbox", "description: the MLS eggbox, resumed"));
    assertEquals(List.of(), changed("output: runs/eggbox\n", ""), "output removed");
    assertEquals(List.of(), diff(STARTED, STARTED
        .replace("stop: {max_evaluations: 10000}", "stop: {target_points: 20000}")
        .replace("description: the MLS eggbox\n", "")));
  }

  @Test
  void otherChangesAreReportedByTopLevelKey() {
    assertEquals(List.of("seed"), changed("seed: 42", "seed: 43"));
    assertEquals(List.of("parameters"), changed("x1: {min: 0, max: 31.4}", "x1: {min: 0, max: 31.5}"));
    assertEquals(List.of("parameters"), changed("x2: [0, 31.4]", "x2: [1, 31.4]"));
    assertEquals(List.of("parameters"), changed("x2: [0, 31.4]", "x2: {min: 0, max: 31.4}"), "same range, written another way: not proven the same");
    assertEquals(List.of("strategy"), changed("strategy: {name: random, batch: 1000}", "strategy: {name: mcmc, chains: 10}"));
    assertEquals(List.of("strategy"), changed("batch: 1000", "batch: 500"));
    assertEquals(List.of("oracle"), changed("oracle: {builtin: eggbox}", "oracle: {builtin: eggbox, timeout_seconds: 5}"));
    assertEquals(List.of("constraints"), changed("within_sigma: 2", "within_sigma: 3"));
    assertEquals(List.of("name"), changed("name: eggbox", "name: eggbox2"));
  }

  @Test
  void severalChangesAreReportedInTheOrderOfTheSpec() {
    String now = STARTED.replace("seed: 42", "seed: 1").replace("batch: 1000", "batch: 10")
        .replace("max_evaluations: 10000", "max_evaluations: 1");
    assertEquals(List.of("seed", "strategy"), diff(STARTED, now));
  }

  @Test
  void addedAndRemovedSectionsAreChanges() {
    assertEquals(List.of("constraints"), diff(STARTED, STARTED.replace(
        "constraints:\n  - {observable: O, gaussian: {mean: 100, sigma: 10}, within_sigma: 2}\n", "")));
    assertEquals(List.of("name"), diff(STARTED.replace("name: eggbox\n", ""), STARTED));
  }

  @Test
  void aNumberIsTheSameWithOrWithoutItsDot() {
    assertEquals(List.of(), changed("seed: 42", "seed: 42.0"));
    assertEquals(List.of(), changed("batch: 1000", "batch: 1000.0"));
    assertEquals(List.of(), changed("batch: 1000", "batch: 1e3"));
    assertEquals(List.of(), changed("x2: [0, 31.4]", "x2: [0.0, 31.40]"));
    assertEquals(List.of(), changed("mean: 100, sigma: 10", "mean: 100.0, sigma: 1e1"));
    assertEquals(List.of("constraints"), changed("mean: 100,", "mean: '100',"), "text is not a number");
  }

  @Test
  void layoutAndCommentsDoNotCount() {
    String reformatted = STARTED
        .replace("oracle: {builtin: eggbox}", "# the oracle\noracle:\n  builtin: eggbox   # O")
        .replace("strategy: {name: random, batch: 1000}", "strategy:\n  batch: 1000\n  name: random");
    assertEquals(List.of(), diff(STARTED, reformatted), "key order within a section is not a change");
  }
}
