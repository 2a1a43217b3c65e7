package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spark.hepscan.* settings as a Spark user passes them (--conf): they win over the spec,
 * --output wins over them, and the output's spec.yaml records them, so resuming from it
 * gives exactly the rows of an uninterrupted run with the same settings.
 */
class SparkSettingsTest {
  static final String SPEC = """
      name: settings
      seed: 42
      parameters:
        x1: {min: 0, max: 31.41592653589793}
        x2: {min: 0, max: 31.41592653589793}
      oracle: {builtin: eggbox}
      constraints:
        - {observable: O, gaussian: {mean: 100, sigma: 10}, within_sigma: 2}
      strategy: {name: random, batch: 50}
      stop: {max_iterations: 4}
      """;

  @TempDir
  Path dir;

  @Test
  void settingsOverrideTheSpecAndAResumeFromTheOutputsSpecReproducesTheRun() throws Exception {
    Path spec = Files.writeString(dir.resolve("settings.yaml"), SPEC);
    String resumed = dir.resolve("resumed").toString();
    Path ignored = dir.resolve("from-setting");

    TestScans.Cli first = TestScans.cli("run", spec.toString(), "--output", resumed, "--master", "local[2]", "--no-progress",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.hepscan.seed=7", "--conf", "spark.hepscan.stop.max_iterations=2",
        "--conf", "spark.hepscan.output=" + ignored);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("settings: 100 evaluations"), first.out());
    assertTrue(first.err().contains("hepscan: seed = 7 (from the Spark setting spark.hepscan.seed)"), first.err());
    assertFalse(Files.exists(ignored), "--output wins over spark.hepscan.output");
    String asRun = Files.readString(Path.of(resumed, "spec.yaml"));
    assertTrue(asRun.contains("#   spark.hepscan.seed=7\n") && asRun.contains("\nseed: 7\n"), asRun);

    TestScans.Cli bare = TestScans.cli("run", spec.toString(), "--output", resumed, "--resume", "--master", "local[2]");
    assertEquals(2, bare.code(), bare.err());
    assertTrue(bare.err().contains("differs from the spec the scan at") && bare.err().contains("was started with, in: seed. "), bare.err());
    assertTrue(bare.err().contains(Path.of(resumed, "spec.yaml").toString()), "points at the spec as run: " + bare.err());

    TestScans.Cli again = TestScans.cli("run", Path.of(resumed, "spec.yaml").toString(), "--output", resumed, "--resume",
        "--master", "local[2]", "--no-progress", "--conf", "spark.ui.enabled=false", "--conf", "spark.hepscan.stop.max_iterations=4");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("settings: 200 evaluations"), again.out());

    String whole = dir.resolve("whole").toString();
    TestScans.Cli uninterrupted = TestScans.cli("run", spec.toString(), "--output", whole, "--master", "local[2]", "--no-progress",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.hepscan.seed=7");
    assertEquals(0, uninterrupted.code(), uninterrupted.err());
    TestScans.assertSameRows(TestScans.comparable(TestScans.rows(whole)), TestScans.comparable(TestScans.rows(resumed)));
  }
}
