package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.SparkSessions;
import org.junit.jupiter.api.Test;

/**
 * The bnn section, smoke-sized, on the real SoftSUSY tables: three models, both tasks, papers/003's
 * figures in range, the 3σ cut raising the BNN's recall, the goals listed.
 */
class BnnSectionTest {
  @Test
  void aSmokeRunComparesTheThreeModelsOnBothTasks() throws Exception {
    assertTrue(BenchSections.names().contains("bnn"));
    SparkSession spark = SparkSessions.start("local[2]", "bnn section", Map.of("spark.ui.enabled", "false"));
    String md;
    try {
      md = new BnnSection().run(spark, new Mode(true, 1.0));
    } finally {
      spark.stop();
    }
    String num = "([0-9.]+) ± [0-9.]+";
    Matcher c = Pattern.compile("\\| bnn \\(10 networks\\) \\| " + num + " \\| " + num + " \\| " + num + " \\| " + num
        + " \\| " + num + " \\| " + num + " \\|").matcher(md);
    assertTrue(c.find(), md);
    double accuracy = Double.parseDouble(c.group(1));
    double recall = Double.parseDouble(c.group(3));
    double recall3 = Double.parseDouble(c.group(6));
    assertTrue(accuracy > 0.6 && accuracy <= 1, md);
    assertTrue(recall3 >= recall, "the mean + 3 sigma cut passes at least what the mean cut does: " + md);
    Matcher r = Pattern.compile("\\| bnn \\(10 networks\\) \\| " + num + " \\| " + num + " \\| " + num + " \\| " + num
        + " \\|").matcher(md.substring(md.indexOf("Light Higgs")));
    assertTrue(r.find(), md);
    double coverage = Double.parseDouble(r.group(3));
    double networksOnly = Double.parseDouble(r.group(4));
    assertTrue(coverage >= networksOnly && coverage > 0.8, "the learnt sigma widens the band: " + md);
    for (String row : new String[] {"| mlp |", "| ensemble (3 networks) |", "Goals (issue 19"}) {
      assertTrue(md.contains(row), row + "\n" + md);
    }
  }
}
