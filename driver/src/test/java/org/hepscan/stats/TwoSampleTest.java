package org.hepscan.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.Test;

class TwoSampleTest {

  @Test
  void pValuesStayProbabilitiesAtTheExtremes() {
    for (int n : new int[] {30, 90, 100, 300}) {
      double[] a = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = i;
        b[i] = 10_000 + i;
      }
      // fully separated: Commons Math rounds 1 - (a sum near 1) to -2.2e-16 at n = 90
      double p = TwoSample.ksP(a, b);
      assertTrue(p >= 0 && p < 1e-10, "n = " + n + ": p " + p);
      assertEquals(1.0, TwoSample.ksP(a, a.clone()), 1e-12, "a sample against itself");
    }
  }

  @Test
  void columnTakesOneCoordinate() {
    double[][] rows = {{1, 2}, {3, 4}, {5, 6}};
    assertEquals(4.0, TwoSample.column(rows, 1)[1]);
  }
}
