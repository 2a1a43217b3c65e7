package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.hepscan.oracle.Evaluation;
import org.hepscan.scan.SparkSessions;
import org.hepscan.spec.ScanSpec;
import org.hepscan.store.Progress;
import org.hepscan.store.ScanOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** B6 (papers/004 Fig. 7's protocol on the 2HDM), smoke-sized: pre-scan, the four scans from their start points, the tables. */
class B6SectionTest {
  private static final Pattern ROW = Pattern.compile("\\| (dnnc\\(5\\)|dnnc\\(60\\)|dnnc\\(60\\) paper rule|dnnr\\(60\\)|mcmc-stretch\\(20\\)) \\| ([01]) of 1 \\|");

  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void theSpaceOracleAndTargetAreThoseOfTheExample() throws Exception {
    Map<String, Object> example = new ObjectMapper(new YAMLFactory()).readValue(
        Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("examples").resolve("2hdm-typeII.yaml")), Map.class);
    Map<String, Object> b6 = (Map<String, Object>) B6Section.resource().get("spec");
    for (String key : List.of("parameters", "oracle", "constraints")) {
      assertEquals(example.get(key), b6.get(key), key);
    }
    assertEquals(((Map<?, ?>) example.get("parameters")).keySet(), ((Map<?, ?>) B6Section.resource().get("eq19")).keySet());
  }

  @Test
  void thePrescanFindsTheSamePointsOnAnyNumberOfThreads() throws Exception {
    B6Section.Protocol p = B6Section.protocol(Mode.SMOKE);
    B6Section.Method m = B6Section.methods(p, "a.csv", "b").get(0);
    ScanSpec spec = B6Section.spec(p, m, 7, dir.resolve("x").toString());
    B6Section.Prescan one = B6Section.prescan(spec, 4, 7, 1);
    B6Section.Prescan two = B6Section.prescan(spec, 4, 7, 2);
    assertEquals(one.evaluations(), two.evaluations());
    assertEquals(one.found().stream().map(e -> e.point().id()).toList(), two.found().stream().map(e -> e.point().id()).toList());
    assertTrue(one.found().stream().allMatch(Evaluation::inTarget));
    // the last find is the last point counted
    assertEquals(one.evaluations(), one.found().get(3).point().id() + 1);
  }

  @Test
  void iterationsAndChosenSharesAreCountedFromTheStartRows() {
    B6Section.Run r = new B6Section.Run("x", 1, 10, new long[] {10, 10, 10, 10}, new long[] {0, 5, 5, 9},
        new long[] {8, 8, 8, 8}, new long[] {0, 4, 6, 8}, List.of());
    assertEquals(3, r.iterationsTo(20));
    assertEquals(30, r.callsTo(20));
    assertEquals(0, r.iterationsTo(40));
    assertArrayEquals(new double[] {0.75, 14 / 16.}, r.chosenShareAfter(2), 1e-12);
  }

  private static double[][] sorted(List<double[]> points) {
    return points.stream().sorted(Arrays::compare).toArray(double[][]::new);
  }

  @Test
  void aMethodListNarrowsTheRunAndAnUnknownLabelIsNamed() {
    List<B6Section.Method> all = B6Section.methods(B6Section.protocol(Mode.SMOKE), "few", "many");
    assertEquals(all, B6Section.selected(all, null));
    assertEquals(List.of(all.get(1), all.get(3)), B6Section.selected(all, " dnnr(60),dnnc(60)"), "in the protocol's order");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> B6Section.selected(all, "dnnr(60),dnnr(1000)"));
    assertTrue(e.getMessage().contains("hepscan.bench.b6.methods") && e.getMessage().contains("no method dnnr(1000)")
        && e.getMessage().contains("dnnc(5), dnnc(60)"), e.getMessage());
    // before the pre-scan's minutes, and before anything is written
    assertThrows(IllegalArgumentException.class, () -> new B6Section("dnnr(1000)").run(null, Mode.SMOKE, dir.toString()));
    assertTrue(!Files.exists(dir.resolve("sections")));
  }

  @Test
  void aSmokeRunStartsEachScanFromItsPoints() throws Exception {
    SparkSession spark = SparkSessions.start("local[2]", "b6 section", Map.of("spark.ui.enabled", "false"));
    String md;
    try {
      md = new B6Section().run(spark, Mode.SMOKE, dir.toString());
      Path seed = dir.resolve("sections/b6/seed1");
      assertEquals(6, Files.readAllLines(seed.resolve("start-5.csv")).size(), "a header and the 5 pre-scan finds");
      Map<String, Long> starts = Map.of("dnnc-5", 5L, "dnnc-60", 60L, "dnnc-60-paper-rule", 60L, "dnnr-60", 60L, "mcmc-stretch-20", 20L);
      for (Map.Entry<String, Long> e : starts.entrySet()) {
        Progress progress = Progress.load(ScanOutput.at(seed.resolve(e.getKey()).toString(),
            spark.sparkContext().hadoopConfiguration())).orElseThrow();
        assertEquals(e.getValue(), progress.start().rows(), e.getKey());
        assertEquals(e.getValue(), progress.start().inTarget(), e.getKey());
        assertTrue(progress.complete(), e.getKey());
      }
      byte[] png = Files.readAllBytes(seed.resolve("efficiency.png"));
      assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');

      // one method alone: dnnc(5) runs only until it holds dnnr(60)'s start points, and dnnr(60) is the same scan
      Path alone = dir.resolve("alone");
      String one = new B6Section("dnnr(60)").run(spark, Mode.SMOKE, alone.toString());
      assertTrue(one.contains("| dnnr(60) |") && !one.contains("| dnnc(5) |") && !one.contains("| mcmc-stretch(20) |"), one);
      B6Section.Protocol p = B6Section.protocol(Mode.SMOKE);
      B6Section.Method dnnr = B6Section.methods(p, "few", "many").get(3);
      B6Section.Run[] r = new B6Section.Run[2];
      int i = 0;
      for (Path base : List.of(seed, alone.resolve("sections/b6/seed1"))) {
        String location = base.resolve("dnnr-60").toString();
        r[i++] = B6Section.read(spark, ScanOutput.at(location, spark.sparkContext().hadoopConfiguration()),
            B6Section.spec(p, dnnr, 1, location), dnnr.label(), 1);
      }
      assertArrayEquals(r[0].calls(), r[1].calls());
      assertArrayEquals(r[0].in(), r[1].in());
      // the same points; Spark reads the Parquet parts in no fixed order
      assertArrayEquals(sorted(r[0].inTargetPoints()), sorted(r[1].inTargetPoints()));
      assertTrue(Progress.load(ScanOutput.at(alone.resolve("sections/b6/seed1/dnnc-5").toString(),
          spark.sparkContext().hadoopConfiguration())).orElseThrow().iterations().size()
          < Progress.load(ScanOutput.at(seed.resolve("dnnc-5").toString(), spark.sparkContext().hadoopConfiguration())).orElseThrow()
          .iterations().size(), "dnnc(5) stops once it holds the 60 start points");
    } finally {
      spark.stop();
    }
    Matcher m = ROW.matcher(md);
    int rows = 0;
    while (m.find()) {
      rows++;
    }
    assertEquals(5, rows, md);
    assertTrue(md.contains("| lambda2 | 0.24 to 0.28 |"), md);
  }
}
