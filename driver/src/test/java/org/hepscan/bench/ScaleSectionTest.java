package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.hepscan.scan.SparkSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale section, smoke-sized: both scans run to their size, every round is timed, the heap is sampled, the plots are drawn. */
class ScaleSectionTest {
  private static final Pattern ROW = Pattern.compile(
      "\\| (random|dnnc) \\| 1 \\| (\\d+) \\| (\\d+) \\((\\d+)\\) \\| [0-9.]+ \\| \\d+ \\| [0-9.]+ ± [0-9.]+ \\(\\d+-\\d+\\) \\| [0-9.]+ ± [0-9.]+ \\(\\d+-\\d+\\)"
          + " \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| (\\d+) \\| (\\d+) \\|");

  @TempDir
  Path dir;

  @Test
  void aSmokeRunTimesEveryRoundAndSamplesTheHeap() throws Exception {
    assertTrue(BenchSections.names().contains("scale"));
    SparkSession spark = SparkSessions.start("local[2]", "scale section", Map.of("spark.ui.enabled", "false"));
    String md;
    try {
      md = new ScaleSection().run(spark, new Mode(true, 1.0), dir.toString());
    } finally {
      spark.stop();
    }
    Matcher m = ROW.matcher(md);
    int rows = 0;
    while (m.find()) {
      rows++;
      long evaluations = Long.parseLong(m.group(2));
      int rounds = Integer.parseInt(m.group(3));
      int batch = Integer.parseInt(m.group(4));
      assertEquals(m.group(1).equals("random") ? 20_000 : 4_000, evaluations, md);
      assertEquals(evaluations / batch, rounds, md);
      long maxSample = Long.parseLong(m.group(5));
      long end = Long.parseLong(m.group(6));
      assertTrue(end > 0 && end <= maxSample, md);
    }
    assertEquals(2, rows, md);
    for (String png : new String[] {"random-seed1-rounds.png", "random-seed1-heap.png", "dnnc-seed1-rounds.png", "dnnc-seed1-heap.png"}) {
      byte[] head = Files.readAllBytes(dir.resolve("sections/scale").resolve(png));
      assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', png);
    }
  }

  @Test
  void theWindowsAreRoundsTenToNineteenAndTheLastTen() {
    assertArrayEquals(new int[] {10, 19}, ScaleSection.windows(100)[0]);
    assertArrayEquals(new int[] {91, 100}, ScaleSection.windows(100)[1]);
    // a short run: its second quarter and its last quarter
    assertArrayEquals(new int[] {3, 4}, ScaleSection.windows(10)[0]);
    assertArrayEquals(new int[] {9, 10}, ScaleSection.windows(10)[1]);
  }
}
