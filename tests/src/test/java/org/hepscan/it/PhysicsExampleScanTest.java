package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.ScanSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in physics examples run as the README says, as random scans on local Spark,
 * shortened to a few thousand points: every row is a physical answer or an INVALID point
 * with its reason, and the in-target flag is the constraints applied to the observables.
 */
class PhysicsExampleScanTest {
  @TempDir
  Path dir;

  private static String example(String file, String strategyAndStop) throws Exception {
    String text = Files.readString(TestScans.repositoryRoot().resolve("examples").resolve(file));
    int strategy = text.indexOf("\nstrategy:");
    int output = text.indexOf("\noutput:");
    assertTrue(strategy > 0 && output > strategy, file + " has strategy, stop and output sections in that order");
    return text.substring(0, strategy + 1) + strategyAndStop + text.substring(output + 1);
  }

  private static double d(Row r, String column) {
    return r.getDouble(r.fieldIndex(column));
  }

  @Test
  void theTypeIIThdmExampleRunsWithRandom() throws Exception {
    ScanSpec spec = TestScans.spec(example("2hdm-typeII.yaml", """
        strategy: {name: random, batch: 2000}
        stop: {max_evaluations: 4000}
        """));
    String out = dir.resolve("thdm").toString();
    ScanResult result = TestScans.run(spec, out, false);
    assertTrue(result.complete());
    List<Row> rows = TestScans.rows(out);
    assertEquals(4000, rows.size());
    int ok = 0;
    int invalid = 0;
    for (Row r : rows) {
      String status = r.getString(r.fieldIndex("status"));
      String message = r.getString(r.fieldIndex("message"));
      if (status.equals("INVALID")) {
        invalid++;
        assertTrue(message.startsWith("tachyonic"), message);
        assertTrue(!r.getBoolean(r.fieldIndex("in_target")));
        continue;
      }
      assertEquals("OK", status, message);
      ok++;
      double mh = d(r, "mh");
      double mH = d(r, "mH0");
      assertTrue(mh > 0 && mh <= mH, "ordered CP-even masses " + mh + " " + mH);
      assertTrue(Math.abs(d(r, "sin_ba")) <= 1 + 1e-12);
      boolean expected = mh >= 123.09 && mh <= 127.09 && d(r, "unitarity") >= 1 && d(r, "perturbativity") >= 1
          && d(r, "stability") >= 1 && d(r, "bsg") >= 1 && d(r, "chi2_kappa") <= 11.0705
          && Math.abs(d(r, "S") - 0.03) <= 0.2 && Math.abs(d(r, "T") - 0.05) <= 0.24 && Math.abs(d(r, "U") - 0.03) <= 0.2;
      assertEquals(expected, r.getBoolean(r.fieldIndex("in_target")), "in_target is the example's constraints on row " + r);
    }
    // the translated eq. 18 ranges: about 4 in 5 points tachyonic (thdm2 agrees with 2HDMC row by row on that)
    assertTrue(ok > 400 && invalid > 2400, ok + " OK, " + invalid + " INVALID");
  }

  @Test
  void thePmssmExampleRunsWithRandom() throws Exception {
    ScanSpec spec = TestScans.spec(example("pmssm.yaml", """
        strategy: {name: random, batch: 2000}
        stop: {max_evaluations: 4000}
        """));
    String out = dir.resolve("pmssm").toString();
    assertTrue(TestScans.run(spec, out, false).complete());
    List<Row> rows = TestScans.rows(out);
    assertEquals(4000, rows.size());
    int ok = 0;
    int window = 0;
    for (Row r : rows) {
      String status = r.getString(r.fieldIndex("status"));
      if (!status.equals("OK")) {
        assertEquals("INVALID", status, r.getString(r.fieldIndex("message")));
        continue;
      }
      ok++;
      double mh = d(r, "mh");
      assertTrue(mh > 0 && mh < 140, "light Higgs mass below the MSSM's bound: " + mh);
      window += mh >= 122 && mh <= 128 ? 1 : 0;
      assertEquals(Math.abs(d(r, "M3")) < d(r, "mgluino") * 1.5, true, "gluino near |M3|");
    }
    // SoftSUSY on the same ranges: 66.7 % valid, 18.3 % of all points with 122 < mh < 128
    double valid = ok / 4000.0;
    double inWindow = window / 4000.0;
    assertTrue(valid > 0.55 && valid < 0.80, "valid share " + valid);
    assertTrue(inWindow > 0.12 && inWindow < 0.25, "share in the mh window " + inWindow);
  }
}
