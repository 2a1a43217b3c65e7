package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.hepscan.scan.ScanResult;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strategies that read a model's uncertainty, as a user runs them (B2's 2-D shell on
 * local Spark): boundary learning scores its classifier on the uniform half of each batch
 * only, with papers/003's 3-sigma figures beside accuracy, saves the classifier, and resumes
 * as if never stopped; the bnn strategy trains a real Bayesian network each iteration and
 * saves it as every model is saved.
 */
class UncertaintyScanTest {
  @TempDir
  Path dir;

  static String b2(String strategy, int iterations) {
    return ActiveLearningScanTest.b2(strategy, iterations);
  }

  static final String BOUNDARY = "  name: boundary\n  initial: 100\n  batch: 50\n  candidates: 5000\n"
      + "  model: {ensemble: 3, hidden: [32, 32], epochs: 100, batch_size: 64}";

  @Test
  void boundaryLearningIsJudgedOnItsUniformHalfAndResumesAsIfNeverStopped() throws Exception {
    String straight = dir.resolve("straight").toString();
    TestScans.run(TestScans.spec(b2(BOUNDARY, 4)), straight, false);
    Progress p = Json.MAPPER.readValue(Files.readString(Path.of(straight, "progress.json")), Progress.class);
    Map<String, Double> q = p.iterations().get(3).modelQuality();
    assertEquals(25.0, q.get("rows"), "quality on the 25 uniform points of the batch of 50: " + q);
    assertTrue(q.containsKey("accuracy") && q.containsKey("recall_3sigma"), q.toString());
    assertTrue(p.iterations().get(3).strategyMetrics().get("disagreement_chosen") > p.iterations().get(3).strategyMetrics()
        .get("disagreement_pool"), "the disputed half is more disputed than the pool");
    assertTrue(Files.readString(Path.of(straight, "models", "classifier.json")).contains("\"type\" : \"mlp\""));

    String stopped = dir.resolve("stopped").toString();
    TestScans.run(TestScans.spec(b2(BOUNDARY, 2)), stopped, false);
    ScanResult resumed = TestScans.run(TestScans.spec(b2(BOUNDARY, 4)), stopped, true);
    assertEquals(3, resumed.firstIteration());
    List<Row> a = TestScans.rows(straight);
    List<Row> b = TestScans.rows(stopped);
    TestScans.assertSameRows(TestScans.comparable(a), TestScans.comparable(b));
  }

  @Test
  void theBnnStrategyTrainsABayesianNetworkAndSavesIt() throws Exception {
    String out = dir.resolve("bnn").toString();
    ScanResult r = TestScans.run(TestScans.spec(b2("  name: bnn\n  initial: 150\n  batch: 50\n  candidates: 5000\n"
        + "  model: {hidden: 2, width: 16, networks: 20, thin: 1, burn_in: 30, leapfrog: 10, pretrain_epochs: 100,"
        + " batch_size: 32}", 3)), out, false);
    assertEquals(250, r.history().size());
    Progress p = Json.MAPPER.readValue(Files.readString(Path.of(out, "progress.json")), Progress.class);
    assertTrue(p.iterations().get(2).modelQuality().containsKey("recall_3sigma"), p.iterations().get(2).modelQuality()
        .toString());
    assertTrue(p.iterations().get(2).strategyMetrics().containsKey("pool_passing_share"));
    String provenance = Files.readString(Path.of(out, "models", "classifier.json"));
    assertTrue(provenance.contains("\"type\" : \"bnn\"") && provenance.contains("acceptance"), provenance);

    // the saved Bayesian network predicts outside the scan, with its spread
    Path points = dir.resolve("points.csv");
    Files.writeString(points, "x1,x2\n0,1.41\n1.5,-1.5\n0,0\n");
    Path predictions = dir.resolve("predictions.csv");
    TestScans.Cli p2 = TestScans.cli("predict", out, "--input", points.toString(), "--out", predictions.toString());
    assertEquals(0, p2.code(), p2.err());
    List<String> lines = Files.readAllLines(predictions);
    assertEquals("x1,x2,classifier.in_target,classifier.in_target.std", lines.get(0));
    assertEquals(4, lines.size());
    for (String line : lines.subList(1, 4)) {
      String[] f = line.split(",");
      double prob = Double.parseDouble(f[2]);
      double std = Double.parseDouble(f[3]);
      assertTrue(prob >= 0 && prob <= 1 && std >= 0 && std < 0.5, line);
    }
  }
}
