package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The training-budget section really trains, with and without max_rows, at each history size of its smoke run. */
class TrainingBudgetSectionTest {
  @Test
  void aSmokeRunTrainsEverySizeBothWays() throws Exception {
    assertTrue(BenchSections.names().contains("training-budget"));
    String md = new TrainingBudgetSection().run(null, new Mode(true, 1.0));
    Matcher m = Pattern.compile("\\| ([0-9,]+) \\| ([0-9.]+) ± [0-9.]+ \\| ([0-9.]+) ± [0-9.]+ \\| [0-9.]+ ± [0-9.]+ \\| ([0-9.]+) ± [0-9.]+"
        + " \\| ([0-9.]+) ± [0-9.]+ \\|").matcher(md);
    int rows = 0;
    while (m.find()) {
      rows++;
      assertTrue(Double.parseDouble(m.group(2)) > 0 && Double.parseDouble(m.group(4)) > 0, "both trainings took time: " + m.group());
      double f1 = Double.parseDouble(m.group(5));
      assertTrue(f1 >= 0 && f1 <= 1, m.group());
    }
    assertEquals(2, rows, md);
  }
}
