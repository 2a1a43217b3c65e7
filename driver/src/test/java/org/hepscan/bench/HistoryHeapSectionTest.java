package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The history-heap section measures both layouts of both shapes, and the columns hold a pMSSM row in less heap than its object. */
class HistoryHeapSectionTest {
  private static final Pattern ROW = Pattern.compile("\\| ([^|]+) \\| \\((a|b|c)\\)[^|]*\\| ([0-9.]+) ± [0-9.]+ \\| ([0-9.]+) ± [0-9.]+ \\| ([0-9.]+) ± [0-9.]+ \\|");

  @Test
  void aSmokeRunMeasuresBothLayouts() throws Exception {
    String md = new HistoryHeapSection().run(null, new Mode(true, 1.0));
    Map<String, Double> bytes = new LinkedHashMap<>();
    Matcher m = ROW.matcher(md);
    while (m.find()) {
      bytes.put(m.group(1).strip() + " " + m.group(2), Double.parseDouble(m.group(3)));
      assertTrue(Double.parseDouble(m.group(4)) > 0 && Double.parseDouble(m.group(5)) > 0, m.group());
    }
    assertEquals(6, bytes.size(), md);
    // a pMSSM row holds 29 numbers (232 bytes) however kept; as an object it also holds a map of 10 boxed observables and fresh strings
    double columns = bytes.get("pMSSM-19, 10 observables b");
    double objects = bytes.get("pMSSM-19, 10 observables a");
    assertTrue(columns >= 232 && columns < objects, md);
  }
}
