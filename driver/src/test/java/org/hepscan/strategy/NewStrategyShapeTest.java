package org.hepscan.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.ScanLoop;
import org.hepscan.scan.ScanReporter;
import org.hepscan.scan.ScanResult;
import org.hepscan.scan.SparkSessions;
import org.hepscan.spec.ScanSpec;
import org.hepscan.spec.SpecReader;
import org.hepscan.spec.YamlDocument;
import org.hepscan.store.PointStore;
import org.hepscan.store.ScanOutput;
import org.hepscan.strategy.api.History;
import org.hepscan.strategy.api.Proposal;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.strategy.api.Strategy;
import org.hepscan.strategy.api.StrategyConfig;
import org.hepscan.strategy.example.TopStdStrategy;
import org.hepscan.surrogate.Prediction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new method is one class over the shared parts plus one registration line: {@link
 * TopStdStrategy} (an ensemble scores a pool; the k candidates of largest std are evaluated)
 * is found by its spec name through ServiceLoader, chooses exactly the k most disputed
 * candidates of its pool, and runs a real scan end to end.
 */
class NewStrategyShapeTest {
  static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.start("local[2]", "new strategy shape", Map.of("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aStrategyOfOneClassChoosesTheCandidatesItsCommitteeDisputesMost() {
    assertTrue(StrategyCatalog.names().contains("top-std"), "found through ServiceLoader: " + StrategyCatalog.names());
    StrategyConfig config = StrategyCatalog.parse(LearnedSelectionTest.options(
        "{name: top-std, batch: 20, candidates: 3000, model: {hidden: [16, 16], epochs: 60, batch_size: 64, ensemble: 3}}"),
        LearnedSelectionTest.SPACE);
    Strategy s = config.newStrategy();
    History h = LearnedSelectionTest.history(300, 3);
    s.start(new ScanContext(spark, LearnedSelectionTest.SPACE, LearnedSelectionTest.TARGET, 1));
    s.learn(h, new SplittableRandom(2));
    List<Proposal> ps = s.propose(h, 2, 20, new SplittableRandom(9));
    assertEquals(20, ps.size());

    // the same pool again, from the same stream, scored by the same committee
    double[][] pool = ((TopStdStrategy.Config) config).common().pool().draw(h, new SplittableRandom(9));
    Prediction p = s.models().get("committee").model().predict(pool);
    double[] std = p.std(0);
    double[] sorted = std.clone();
    Arrays.sort(sorted);
    double twentieth = sorted[sorted.length - 20];
    double median = sorted[sorted.length / 2];
    for (Proposal q : ps) {
      int i = indexOf(pool, q.unit());
      assertTrue(i >= 0, "every proposal is a candidate of the pool");
      assertTrue(std[i] >= twentieth, "among the 20 largest std: " + std[i] + " < " + twentieth);
      assertEquals("top-std", q.origin());
    }
    assertTrue(twentieth > 2 * median, "the committee disputes some candidates far more than most: " + twentieth + " vs median " + median);
  }

  @Test
  void itRunsAsARealScanFromItsSpecName() throws Exception {
    ScanSpec spec = SpecReader.read(YamlDocument.parse("top-std.yaml", """
        name: top-std-shell
        seed: 3
        parameters:
          x1: {min: -2, max: 2}
          x2: {min: -2, max: 2}
        oracle: {builtin: shell}
        constraints:
          - {observable: O, gaussian: {mean: 2, sigma: 0.1}, within_sigma: 2}
        strategy: {name: top-std, initial: 60, batch: 20, candidates: 1000, staleness: 0,
                   model: {hidden: [8], epochs: 20, batch_size: 32, ensemble: 2}}
        stop: {max_iterations: 3}
        """), "test");
    String out = dir.resolve("scan").toString();
    ScanOutput output = ScanOutput.at(out, spark.sparkContext().hadoopConfiguration());
    ScanResult r = new ScanLoop(spec.withOutput(out), spark, output, ScanReporter.NONE).run(false);
    assertEquals(100, r.history().size());
    List<Row> rows = PointStore.readAll(spark, output, 3).collectAsList();
    assertEquals(40, rows.stream().filter(x -> "top-std".equals(x.getString(x.fieldIndex("origin")))).count());
    assertTrue(output.fs().exists(new org.apache.hadoop.fs.Path(output.models(), "committee.bin")), "its model is saved");
  }

  private static int indexOf(double[][] pool, double[] x) {
    for (int i = 0; i < pool.length; i++) {
      if (Arrays.equals(pool[i], x)) {
        return i;
      }
    }
    return -1;
  }
}
