package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.SparkSessions;
import org.junit.jupiter.api.Test;

/** The ml-nested section runs both samplers on the same problem and reports their log Z, calls and wall times side by side. */
class MlNestedSectionTest {
  @Test
  void aSmokeRunComparesBothSamplers() throws Exception {
    assertTrue(BenchSections.names().contains("ml-nested"));
    SparkSession spark = SparkSessions.start("local[2]", "ml-nested section", Map.of("spark.ui.enabled", "false"));
    String md;
    try {
      md = new MlNestedSection().run(spark, new Mode(true, 1.0));
    } finally {
      spark.stop();
    }
    for (String strategy : new String[] {"nested", "ml-nested"}) {
      Matcher m = Pattern.compile("\\| narrow Gaussian[^|]*\\| " + strategy + " \\| (-?[0-9.]+) ± [0-9.]+ \\| (-?[0-9.]+) \\| ([0-9.]+) \\|"
          + " \\d of 1 \\| ([0-9,]+) ± [0-9,]+ \\| ([0-9.]+) \\|").matcher(md);
      assertTrue(m.find(), strategy + "\n" + md);
      double logZ = Double.parseDouble(m.group(1));
      double truth = Double.parseDouble(m.group(2));
      double error = Double.parseDouble(m.group(3));
      assertTrue(Math.abs(logZ - truth) < 3 * error + 0.05, strategy + ": " + md);
      if (strategy.equals("ml-nested")) {
        assertTrue(Double.parseDouble(m.group(5)) > 4, "the filter spares most calls where the bound is the whole prior: " + md);
      }
      // each row ends with its runs' insertion-rank p-values
      Matcher ranks = Pattern.compile("\\| narrow Gaussian[^|]*\\| " + strategy + " \\|.*\\| ([0-9.e+-]+) \\|\n").matcher(md);
      assertTrue(ranks.find(), strategy + "\n" + md);
      double p = Double.parseDouble(ranks.group(1));
      assertTrue(p >= 0 && p <= 1, md);
    }
  }
}
