package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The nested-evidence section runs nested sampling to its own stop and reports log Z against the truth. */
class NestedEvidenceSectionTest {
  @Test
  void aSmokeRunReportsTheShellsEvidence() throws Exception {
    assertTrue(BenchSections.names().contains("nested-evidence"));
    String md = new NestedEvidenceSection().run(null, new Mode(true, 1.0));
    Matcher m = Pattern.compile("\\| Gaussian shells, D = 2 \\| -1\\.746 \\| (-?[0-9.]+) ± [0-9.]+ \\| ([0-9.]+) \\| ([0-9.]+) \\| (\\d) of 2 \\|")
        .matcher(md);
    assertTrue(m.find(), md);
    assertTrue(Math.abs(Double.parseDouble(m.group(1)) + 1.746) < 0.3, md);
    assertTrue(Double.parseDouble(m.group(2)) > 0, md);
    // the insertion-rank check of every row: how many runs it flags, and its smallest p-value
    Matcher ranks = Pattern.compile("\\| Gaussian shells, D = 2 \\|.*\\| ([0-2]) of 2 \\| ([0-9.e+-]+) \\|\n").matcher(md);
    assertTrue(ranks.find(), md);
    double p = Double.parseDouble(ranks.group(2));
    assertTrue(p >= 0 && p <= 1, md);
  }
}
