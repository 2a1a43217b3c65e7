package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The call-overhead section really spawns: its smoke run measures every variant in both
 * machine states, and the figures are those of real calls (positive, the hepscan paths
 * not cheaper than nothing). The speed goal itself is the bench's to show, not this test's.
 */
class CallOverheadSectionTest {
  private static final Pattern ROW = Pattern.compile(
      "\\| (as the machine is|with 500 idle processes added) \\| \\(([abc])\\)[^|]*\\| ([0-9.]+) ± [0-9.]+ \\| ([0-9.]+) ± [0-9.]+ \\|");

  private static final Pattern CI = Pattern.compile("\\| \\[(-?[0-9.]+), (-?[0-9.]+)\\] \\|");

  @Test
  void aSmokeRunMeasuresEveryVariantInBothMachineStates() throws Exception {
    String md = new CallOverheadSection().run(null, new Mode(true, 1.0));
    assertTrue(md.contains("after 20 calls of each variant to warm up"), md);
    Matcher m = ROW.matcher(md);
    List<String> seen = new java.util.ArrayList<>();
    while (m.find()) {
      seen.add(m.group(1) + " " + m.group(2));
      double wall = Double.parseDouble(m.group(3));
      assertTrue(wall > 0.1 && wall < 1000, "a spawn takes some time, far less than a second: " + m.group());
    }
    Matcher ci = CI.matcher(md);
    int intervals = 0;
    while (ci.find()) {
      intervals++;
      assertTrue(Double.parseDouble(ci.group(1)) <= Double.parseDouble(ci.group(2)), "an interval's low end is below its high end: " + ci.group());
    }
    assertEquals(4, intervals, "every hepscan row has the confidence interval of its extra cost: " + md);
    assertEquals(List.of("as the machine is a", "as the machine is b", "as the machine is c",
        "with 500 idle processes added a", "with 500 idle processes added b", "with 500 idle processes added c"), seen, md);
  }
}
