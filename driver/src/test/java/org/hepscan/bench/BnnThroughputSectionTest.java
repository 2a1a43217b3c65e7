package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.SparkSessions;
import org.junit.jupiter.api.Test;

/** The bnn-throughput section, smoke-sized: the three models and the BNN's matrix products alone timed, and the goal stated. */
class BnnThroughputSectionTest {
  @Test
  void aSmokeRunTimesTheThreeModels() throws Exception {
    assertTrue(BenchSections.names().contains("bnn-throughput"));
    SparkSession spark = SparkSessions.start("local[2]", "bnn-throughput section", Map.of("spark.ui.enabled", "false"));
    String md;
    try {
      md = new BnnThroughputSection().run(spark, new Mode(true, 1.0));
    } finally {
      spark.stop();
    }
    Matcher bnn = Pattern.compile("\\| bnn \\| 135 \\| ([0-9.]+) ± [0-9.]+ \\| ([0-9.]+) ± [0-9.]+ \\|").matcher(md);
    Matcher mlp = Pattern.compile("\\| mlp \\| 1 \\| ([0-9.]+) ± [0-9.]+ \\| ([0-9.]+) ± [0-9.]+ \\|").matcher(md);
    assertTrue(bnn.find() && mlp.find() && md.contains("| ensemble | 10 |"), md);
    assertTrue(Double.parseDouble(bnn.group(1)) > 0 && md.contains("Goal (issue 19)"), md);
    Matcher floor = Pattern.compile("\\| bnn: its matrix products alone \\(the floor\\) \\| 135 \\| ([0-9.]+) ± ").matcher(md);
    assertTrue(floor.find() && Double.parseDouble(floor.group(1)) > 0, md);
  }
}
