package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The flow-throughput section trains a real 19-D flow and times its passes: its smoke run
 * reports both rates as positive numbers, the share of coordinates in the tails, and no
 * non-finite value.
 */
class FlowThroughputSectionTest {
  @Test
  void aSmokeRunMeasuresBothPassesWithoutANonFiniteValue() throws Exception {
    assertTrue(BenchSections.names().contains("flow-throughput"));
    long t0 = System.nanoTime();
    String md = new FlowThroughputSection().run(null, new Mode(true, 1.0));
    System.out.println(md + "\n(section run " + (System.nanoTime() - t0) / 1_000_000_000 + " s)");
    for (String pass : new String[] {"log-density", "sample"}) {
      Matcher m = Pattern.compile("\\| " + pass + " \\| ([0-9,]+) ± [0-9,]+ \\|").matcher(md);
      assertTrue(m.find(), md);
      assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, md);
    }
    Matcher tails = Pattern.compile("about (\\d+) % of coordinates beyond B").matcher(md);
    assertTrue(tails.find(), md);
    assertTrue(Integer.parseInt(tails.group(1)) > 20, "many points in the identity tails: " + md);
    assertTrue(md.contains("Non-finite log-densities or samples (replaced and counted): 0 of 120,000."), md);
    assertEquals(-1, md.indexOf("NaN"), md);
  }
}
