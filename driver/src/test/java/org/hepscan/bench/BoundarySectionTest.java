package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.SparkSessions;
import org.junit.jupiter.api.Test;

/** The boundary section, smoke-sized, on B7's oracle: random's classifier, both queries and dnnc, with their curves. */
class BoundarySectionTest {
  @Test
  void aSmokeRunComparesBothQueriesWithRandomAndDnnc() throws Exception {
    assertTrue(BenchSections.names().contains("boundary"));
    SparkSession spark = SparkSessions.start("local[2]", "boundary section", Map.of("spark.ui.enabled", "false"));
    String md;
    try {
      md = new BoundarySection().run(spark, new Mode(true, 1.0));
    } finally {
      spark.stop();
    }
    Matcher share = Pattern.compile("\\(([0-9.]+) % in target").matcher(md);
    assertTrue(share.find(), md);
    double inTarget = Double.parseDouble(share.group(1));
    assertTrue(inTarget > 1 && inTarget < 6, "B7's target is a few per cent of the space: " + md);
    for (String row : new String[] {"| random (5 networks) |", "| boundary, committee |", "| boundary, dropout |",
        "| dnnc |", "| labels | committee accuracy | committee AUC |", "| 700 |"}) {
      assertTrue(md.contains(row), row + "\n" + md);
    }
  }
}
