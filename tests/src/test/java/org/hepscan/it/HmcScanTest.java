package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/**
 * The hmc strategy on benchmark B2 (the 2-D shell of papers/001: random efficiency 7.86 %)
 * on local Spark with a real DJL classifier: after the uniform start its chains' points land
 * in the shell far more often than uniform ones, each row says which chain it is a state of,
 * and a stopped scan resumes to the rows of an uninterrupted one (the chains' positions
 * travel in the checkpoint).
 */
class HmcScanTest {
  @TempDir
  Path dir;

  static String b2(int iterations) {
    return "name: b2-hmc\nseed: 7\nparameters:\n  x1: [-2, 2]\n  x2: [-2, 2]\n"
        + "oracle: {builtin: shell}\n"
        + "constraints:\n  - {observable: O, gaussian: {mean: 2, sigma: 0.1}, within_sigma: 2}\n"
        + "strategy:\n  name: hmc\n  initial: 300\n  batch: 100\n  chains: 30\n  burn_in: 100\n  thinning: 3\n"

        + "stop: {max_iterations: " + iterations + "}\n";
  }

  @Test
  void chainsLandInTheShellAndAStoppedScanResumesAsIfNeverStopped() throws Exception {
    String straight = dir.resolve("straight").toString();
    ScanResult r = TestScans.run(TestScans.spec(b2(5)), straight, false);
    assertEquals(700, r.history().size());
    Progress p = Json.MAPPER.readValue(Files.readString(Path.of(straight, "progress.json")), Progress.class);
    double share = 0;
    for (int i = 1; i < 5; i++) {
      share += p.iterations().get(i).modelQuality().get("chain_in_target") / 4;
    }
    // uniform draws are in the shell 7.86 % of the time; the chains, on the classifier's shell, far more
    // often: 0.30 with seed 7 on the development machine, rising from 0.20 as the classifier learns
    assertTrue(share > 0.2, "share of the chains' points in target, iterations 2-5: " + share);
    assertTrue(p.iterations().get(4).strategyMetrics().get("acceptance_rate") > 0.3, "acceptance " + p.iterations().get(4).strategyMetrics());

    List<Row> rows = TestScans.rows(straight);
    for (Row row : rows) {
      int iteration = ((Number) row.get(row.fieldIndex("iteration"))).intValue();
      Object chain = row.get(row.fieldIndex("chain"));
      if (iteration == 1 || row.getString(row.fieldIndex("origin")).equals("random")) {
        assertNull(chain, "a uniform point belongs to no chain");
      } else {
        long c = ((Number) chain).longValue();
        assertTrue(c >= 0 && c < 30, "chain " + c);
      }
    }

    String stopped = dir.resolve("stopped").toString();
    TestScans.run(TestScans.spec(b2(3)), stopped, false);
    ScanResult resumed = TestScans.run(TestScans.spec(b2(5)), stopped, true);
    assertEquals(4, resumed.firstIteration());
    TestScans.assertSameRows(TestScans.comparable(rows), TestScans.comparable(TestScans.rows(stopped)));
  }
}
