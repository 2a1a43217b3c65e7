package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hmc-throughput section trains the hmc classifier in 19-D and times its gradients and whole transitions. */
class HmcThroughputSectionTest {
  @Test
  void aSmokeRunMeasuresGradientsAndTransitions() throws Exception {
    assertTrue(BenchSections.names().contains("hmc-throughput"));
    String md = new HmcThroughputSection().run(null, new Mode(true, 1.0));
    System.out.println(md);
    Matcher m = Pattern.compile("\\| (gradient|HMC transition \\(12 leapfrog steps\\)) \\| ([0-9,]+) \\| ([0-9,]+) ± [0-9,]+ \\|")
        .matcher(md);
    int rows = 0;
    while (m.find()) {
      rows++;
      assertTrue(Long.parseLong(m.group(3).replace(",", "")) > 0, md);
    }
    assertEquals(4, rows, md);
  }
}
