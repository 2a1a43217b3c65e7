package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.hepscan.oracle.builtin.Faulty;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.ScanSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes, hangs, NaN and garbage each become a row with its status and message; the scan completes. */
class FaultyScanTest {
  @TempDir
  Path dir;

  @Test
  void everyFailureIsARowAndTheScanCompletes() throws Exception {
    ScanSpec spec = TestScans.spec("""
        name: faulty
        seed: 5
        parameters: {x1: [-2, 2], x2: [-2, 2], x3: [-2, 2]}
        oracle:
          builtin: faulty
          options: {base: shell, crash: 0.1, hang: 0.04, nan: 0.1, garbage: 0.1, invalid: 0.1, seed: 3}
          timeout_seconds: 0.5
        constraints:
          - {observable: O, upper: 4}
        strategy: {name: random, batch: 80}
        stop: {max_iterations: 2}
        """);
    String out = dir.resolve("faulty").toString();
    ScanResult result = TestScans.run(spec, out, false);
    assertTrue(result.complete());

    List<Row> rows = TestScans.rows(out);
    assertEquals(160, rows.size());
    double[] shares = {0.1, 0.04, 0.1, 0.1, 0.1};
    Map<String, Integer> seen = new HashMap<>();
    for (Row r : rows) {
      double[] x = {r.getDouble(r.fieldIndex("x1")), r.getDouble(r.fieldIndex("x2")), r.getDouble(r.fieldIndex("x3"))};
      int fate = Faulty.fate(x, 3, shares);
      String expected = fate < 0 ? "ok" : Faulty.FATES.get(fate);
      String status = r.getString(r.fieldIndex("status"));
      String message = r.getString(r.fieldIndex("message"));
      boolean inTarget = r.getBoolean(r.fieldIndex("in_target"));
      double loglike = r.getDouble(r.fieldIndex("loglike"));
      switch (expected) {
        case "ok" -> {
          assertEquals("OK", status, message);
          assertEquals(x[0] * x[0] + x[1] * x[1] + x[2] * x[2], r.getDouble(r.fieldIndex("O")), 1e-12);
          assertEquals(r.getDouble(r.fieldIndex("O")) <= 4, inTarget);
        }
        case "crash" -> {
          assertEquals("FAILED", status);
          assertTrue(message.contains("simulated crash"), message);
        }
        case "hang" -> {
          assertEquals("TIMEOUT", status);
          assertTrue(message.contains("no answer within 0.5 s"), message);
        }
        case "nan" -> {
          assertEquals("FAILED", status);
          assertTrue(message.contains("observable O is NaN"), message);
        }
        case "garbage" -> {
          assertEquals("FAILED", status);
          assertTrue(message.contains("is infinite") || message.contains("gave no value for observable O"), message);
        }
        case "invalid" -> {
          assertEquals("INVALID", status);
          assertTrue(message.contains("unphysical"), message);
        }
        default -> throw new AssertionError(expected);
      }
      if (!status.equals("OK")) {
        assertTrue(!inTarget && loglike == Double.NEGATIVE_INFINITY, "a failed call is never in target");
      }
      seen.merge(expected, 1, Integer::sum);
    }
    for (String fate : List.of("ok", "crash", "hang", "nan", "garbage", "invalid")) {
      assertTrue(seen.getOrDefault(fate, 0) > 0, "no " + fate + " among " + seen);
    }
  }
}
