package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.hepscan.scan.ScanResult;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Short active-learning scans of benchmark B2 (the 2-D shell of papers/001: O = x1^2 + x2^2
 * on [-2, 2]^2, in target within 2 sigma of 2, sigma 0.1; random efficiency 7.86 %) on
 * local Spark with real DJL networks: each learned strategy must beat random sampling by
 * a wide margin with a fixed seed, record its model's out-of-sample quality, save its
 * final model, and resume as if never stopped.
 */
class ActiveLearningScanTest {
  @TempDir
  Path dir;

  /** Small networks and few epochs: enough to learn a paraboloid, cheap on 2 cores. */
  static final String MODEL = "model: {hidden: [32, 32], epochs: 150, batch_size: 64}";

  static String b2(String strategy, int iterations) {
    return "name: b2-" + strategy.lines().findFirst().orElseThrow().replace("name:", "").strip() + "\nseed: 7\nparameters:\n  x1: [-2, 2]\n  x2: [-2, 2]\n"
        + "oracle: {builtin: shell}\n"
        + "constraints:\n  - {observable: O, gaussian: {mean: 2, sigma: 0.1}, within_sigma: 2}\n"
        + "strategy:\n" + strategy + "\n"
        + "stop: {max_iterations: " + iterations + "}\n";
  }

  static String strategy(String name) {
    return switch (name) {
      case "random" -> "  name: random\n  batch: 50";
      case "mls" -> "  name: mls\n  initial: 50\n  batch: 50\n  candidates: 20000\n  " + MODEL;
      case "dnnr" -> "  name: dnnr\n  initial: 50\n  batch: 50\n  candidates: 20000\n  " + MODEL;
      // papers/004 sec. 3.5: 90 % drawn among candidates predicted inside (above 0.5), SMOTE
      // until half the points are in target; the classifier needs more epochs than a regressor
      case "dnnc" -> "  name: dnnc\n  initial: 50\n  batch: 50\n  candidates: 20000\n  inside_share: 1.0\n"
          + "  inside_threshold: 0.5\n  smote: {below: 0.5}\n  model: {hidden: [32, 32], epochs: 300, batch_size: 64}";
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"mls", "dnnr", "dnnc"})
  void learnedStrategiesBeatRandomByAWideMargin(String name) throws Exception {
    int iterations = 8; // 400 oracle calls
    ScanResult random = TestScans.run(TestScans.spec(b2(strategy("random"), iterations)), dir.resolve("random").toString(), false);
    String out = dir.resolve(name).toString();
    // the papers' loop, in which each batch is chosen by a model that learned every batch before
    // it: the floors below were set on it (pipelined rounds give up one learned batch of the 8)
    ScanResult learned = TestScans.run(TestScans.spec(b2(strategy(name) + "\n  staleness: 0", iterations)), out, false);
    assertEquals(400, learned.history().size());
    double eRandom = random.history().efficiency();
    double eLearned = learned.history().efficiency();
    // random: 7.86 % expected (31 +- 5 of 400); a learned strategy that works is far above.
    // The seed fixes a run on one machine only: libtorch picks its kernels by the processor
    // (AVX-512, AVX2, ...), the float sums differ in the last bits, and 8 iterations of
    // training turn that into another run. So the floors hold for any draw, not for seed 7
    // here: over seeds 1-8 on the development machine (AMD EPYC, AVX-512) mls gave 0.415 to
    // 0.500 (mean 0.457), dnnr 0.438 to 0.568 (0.507), dnnc 0.335 to 0.578 (0.449); a floor
    // of 0.45 for mls, at its mean, failed on another machine with 0.4175.
    assertTrue(eRandom < 0.13, "random efficiency " + eRandom);
    double floor = name.equals("dnnc") ? 0.25 : 0.35;
    assertTrue(eLearned > floor && eLearned > 3 * eRandom,
        name + " efficiency " + eLearned + " vs random " + eRandom + " (needs > " + floor + " and > 3x random)");

    Progress p = Json.MAPPER.readValue(Files.readString(Path.of(out, "progress.json")), Progress.class);
    var quality = p.iterations().get(p.iterations().size() - 1).modelQuality();
    if (name.equals("dnnc")) {
      assertTrue(quality.containsKey("accuracy") && quality.containsKey("f1"), "classifier quality recorded: " + quality);
    } else {
      assertTrue(quality.containsKey("mae"), "regressor quality recorded: " + quality);
      assertTrue(quality.get("mae") < 0.5, "the model that chose the last batch predicts O to better than 0.5: " + quality);
    }
    assertTrue(p.iterations().get(0).modelQuality().isEmpty(), "no model chose the random first batch");
    String model = name.equals("dnnc") ? "classifier" : "regressor";
    assertTrue(Files.size(Path.of(out, "models", model + ".bin")) > 1000, "final model saved");
    assertTrue(Files.readString(Path.of(out, "models", model + ".json")).contains("\"type\" : \"mlp\""));
  }

  /**
   * The second surrogate family: dnnc with an MLlib random forest, trained as Spark jobs
   * under Kryo registrationRequired, beats random sampling too.
   */
  @Test
  void aRandomForestClassifierTrainedBySparkJobsBeatsRandom() throws Exception {
    String out = dir.resolve("forest").toString();
    ScanResult r = TestScans.run(TestScans.spec(b2("  name: dnnc\n  initial: 100\n  batch: 50\n  candidates: 20000\n"
        + "  model: {type: random-forest, trees: 20, max_depth: 8}", 6)), out, false);
    assertEquals(350, r.history().size());
    assertTrue(r.history().efficiency() > 0.25, "dnnc with a random forest: efficiency " + r.history().efficiency());
    assertTrue(Files.readString(Path.of(out, "models", "classifier.json")).contains("\"type\" : \"random-forest\""));
    Progress p = Json.MAPPER.readValue(Files.readString(Path.of(out, "progress.json")), Progress.class);
    assertTrue(p.iterations().get(5).modelQuality().containsKey("f1"), "forest quality recorded");
  }

  @Test
  void anMlsScanStoppedAfterThreeIterationsResumesToFiveAsIfNeverStopped() throws Exception {
    String straight = dir.resolve("straight").toString();
    TestScans.run(TestScans.spec(b2(strategy("mls"), 5)), straight, false);
    String stopped = dir.resolve("stopped").toString();
    TestScans.run(TestScans.spec(b2(strategy("mls"), 3)), stopped, false);
    ScanResult resumed = TestScans.run(TestScans.spec(b2(strategy("mls"), 5)), stopped, true);
    assertEquals(4, resumed.firstIteration());
    List<Row> a = TestScans.rows(straight);
    List<Row> b = TestScans.rows(stopped);
    TestScans.assertSameRows(TestScans.comparable(a), TestScans.comparable(b));
  }
}
