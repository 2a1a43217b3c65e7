package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Efficiency at N and the coverage figures, on hand-made rows. */
class RunDataTest {

  private static RunData rows(boolean... in) {
    RunData.Builder b = new RunData.Builder();
    for (int i = 0; i < in.length; i++) {
      b.add(in[i], in[i] ? new double[] {i, i} : null);
    }
    return b.build();
  }

  @Test
  void efficiencyAtNCountsTheFirstNCallsInIdOrder() {
    RunData r = rows(true, false, false, true, true, true);
    assertEquals(6, r.calls());
    assertEquals(4, r.inTarget());
    assertEquals(1.0, r.efficiencyAt(1));
    assertEquals(0.5, r.efficiencyAt(4));
    assertEquals(4.0 / 6, r.efficiencyAt(6));
    assertNull(r.efficiencyAt(7), "blank when the run made fewer than N calls");
  }

  @Test
  void theBuilderGrowsPastItsFirstBlock() {
    RunData.Builder b = new RunData.Builder();
    for (int i = 0; i < 5000; i++) {
      b.add(i % 4 == 0, i % 4 == 0 ? new double[] {i} : null);
    }
    RunData r = b.build();
    assertEquals(5000, r.calls());
    assertEquals(1250, r.inTarget());
    assertEquals(0.25, r.efficiencyAt(4000));
    assertEquals(250, r.inTargetAmongFirst(1000).size());
  }

  @Test
  void eggboxRingsHitAmongTheFirstNCalls() {
    Benchmark b1 = Benchmarks.load().select("B1").get(0);
    double[][] m = Coverage.eggboxMaxima();
    // calls 1..4: in target near maxima 0 and 1, then a miss, then maximum 0 again; call 5 near maximum 5
    RunData.Builder b = new RunData.Builder();
    b.add(true, new double[] {m[0][0] + 2, m[0][1]});
    b.add(true, new double[] {m[1][0], m[1][1] + 2});
    b.add(false, null);
    b.add(true, new double[] {m[0][0], m[0][1] + 2});
    b.add(true, new double[] {m[5][0] - 2, m[5][1]});
    RunData r = b.build();
    Mode tiny = new Mode(false, 4.0 / 30000); // efficiency_at [3000, 30000] scaled to [0 -> 1 (at least 1), 4]
    assertEquals(List.of(1L, 4L), b1.efficiencyAt(tiny));
    Map<String, Double> f = b1.figures(r, tiny);
    assertEquals(List.of("eff@1", "eff@4", "rings@1", "rings@4", "rings imbalance", "ks p min", "nn cov"), List.copyOf(f.keySet()));
    assertTrue(f.get("rings imbalance") >= 1.0, "16 of 18 rings empty: each is 100 % below its share");
    assertNull(f.get("ks p min"), "blank without the run's spec to draw the truth from");
    assertEquals(1.0, f.get("eff@1"));
    assertEquals(0.75, f.get("eff@4"));
    assertEquals(1.0, f.get("rings@1"));
    assertEquals(2.0, f.get("rings@4"));

    Map<String, Double> full = b1.figures(r, Mode.FULL);
    assertNull(full.get("eff@3000"));
    assertNull(full.get("rings@30000"));
  }

  @Test
  void cosineShellCoverageOverAllInTargetPoints() {
    Benchmark b4 = Benchmarks.load().select("B4").get(0);
    double[][] m = Coverage.cosineShellMaxima();
    RunData.Builder b = new RunData.Builder();
    for (int c = 0; c < m.length; c++) {
      for (int k = 0; k < (c == 0 ? 3 : 1); k++) {
        b.add(true, new double[] {m[c][0] + 1, m[c][1] - 1, m[c][2]});
        b.add(false, null);
      }
    }
    Map<String, Double> f = b4.figures(b.build(), Mode.FULL);
    assertEquals(13.0, f.get("regions"));
    // counts: one 3, twelve 1; mean 15/13
    double mean = 15.0 / 13;
    double var = ((3 - mean) * (3 - mean) + 12 * (1 - mean) * (1 - mean)) / 13;
    assertEquals(Math.sqrt(var) / mean, f.get("coverage dev"), 1e-12);
  }
}
