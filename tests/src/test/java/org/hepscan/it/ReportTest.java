package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a small learned scan with failures, as {@code hepscan run} leaves it
 * and as {@code hepscan report} redraws it: every figure the page names is there, a PNG
 * of the size the page says, with something drawn on it; and, where Chromium is installed,
 * a headless browser loads every one of them.
 */
class ReportTest {
  private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]+)\" width=\"(\\d+)\" height=\"(\\d+)\"");

  @TempDir
  static Path dir;
  static Path out;

  /** A 3-D shell with a log-scaled parameter, crashes, NaN and refusals, chosen by a small classifier. */
  @BeforeAll
  static void scan() throws Exception {
    Path spec = dir.resolve("report-test.yaml");
    Files.writeString(spec, """
        name: report-test
        description: a small dnnc scan with failures, for the report
        seed: 11
        parameters:
          x1: [-2, 2]
          x2: [-2, 2]
          x3: {min: 0.01, max: 2, scale: log}
        oracle:
          builtin: faulty
          options: {base: shell, crash: 0.05, nan: 0.05, garbage: 0.05, invalid: 0.05, seed: 3}
        constraints:
          - {observable: O, upper: 4}
        strategy:
          name: dnnc
          initial: 200
          batch: 100
          candidates: 5000
          model: {hidden: [16, 16], epochs: 30, batch_size: 64}
        stop: {max_iterations: 4}
        """);
    out = dir.resolve("scan");
    TestScans.Cli r = TestScans.cli("run", spec.toString(), "--output", out.toString(), "--master", "local[2]", "--no-progress");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("report: "), "run names the report it wrote: " + r.out());
  }

  @Test
  void theRunWritesAReportWhoseEveryFigureIsADrawnPngOfTheStatedSize() throws Exception {
    Map<String, int[]> figures = checkReport(out.resolve("report"));
    Set<String> expected = new TreeSet<>(List.of("efficiency.png", "cumulative.png", "quality.png", "param-x1.png", "param-x2.png",
        "param-x3.png", "obs-O.png", "proj-x1-x2.png", "proj-x1-x3.png", "corner.png", "call-seconds.png", "busy.png", "round-seconds.png",
        "faith-x1.png", "faith-x2.png", "faith-x3.png"));
    assertEquals(expected, new TreeSet<>(figures.keySet()));
    // the corner plot: 3 parameters of 160 px panels and the margins for their names
    assertEquals(56 + 3 * 160 + 8, figures.get("corner.png")[0]);

    String html = Files.readString(out.resolve("report/index.html"));
    Progress p = Json.MAPPER.readValue(out.resolve("progress.json").toFile(), Progress.class);
    assertTrue(html.contains("<th>evaluations</th><td>" + p.totals().evaluations() + " ("), "the summary gives the evaluations");
    assertTrue(html.contains("<th>in-target points</th><td>" + p.totals().inTarget() + "</td>"), "the summary gives the in-target points");
    assertTrue(html.contains("<th>strategy</th><td>dnnc</td>"));
    assertTrue(html.contains("<th>faithfulness</th><td>smallest Kolmogorov-Smirnov p "), "the summary compares chosen and uniform points");
    // the failures table: every status that occurred, and the oracle's own messages
    for (String status : List.of("INVALID", "FAILED")) {
      assertTrue(p.totals().byStatus().get(status) > 0, status + " occurs in this scan");
      assertTrue(html.contains("<tr><td>" + status + "</td><td class=\"n\">" + p.totals().byStatus().get(status) + "</td>"),
          "the failures table counts " + status);
    }
    assertTrue(html.contains("Surrogate <code>classifier</code>"), "the saved surrogate's provenance is on the page");
  }

  @Test
  void reportRedrawsOnDemandWithOtherProjections() throws Exception {
    Path copy = dir.resolve("redrawn");
    copy(out, copy); // the other tests look at the report the run wrote
    TestScans.Cli r = TestScans.cli("report", copy.toString(), "--pairs", "x2:x3", "--color", "O", "--max-points", "50", "--bins", "10",
        "--ranges", "x1=-1.5:1.5,x3=0.1:1", "--ranges-label", "paper ranges");
    assertEquals(0, r.code(), r.err());
    Map<String, int[]> figures = checkReport(copy.resolve("report"));
    assertTrue(figures.containsKey("proj-x2-x3.png"), figures.keySet().toString());
    assertTrue(!figures.containsKey("proj-x1-x2.png"), "the old projections are gone: " + figures.keySet());
    String html = Files.readString(copy.resolve("report/index.html"));
    assertTrue(html.contains("A sample of 50 of the"), "the scatter plots say they are sampled");
    // the reference ranges, beside the span of the in-target points; x2 has none
    Matcher x1 = Pattern.compile("They span (-?[0-9.]+) to (-?[0-9.]+); dashed, paper ranges: -1.500 to 1.500\\.").matcher(html);
    assertTrue(x1.find(), html);
    double lo = Double.parseDouble(x1.group(1));
    double hi = Double.parseDouble(x1.group(2));
    assertTrue(-2 <= lo && lo < hi && hi <= 2, x1.group());
    assertTrue(html.contains("dashed, paper ranges: 0.1000 to 1.000."), "x3's range is compared");
    assertEquals(2, html.split("They span", -1).length - 1, "only x1 and x3 have a reference range");

    TestScans.Cli unknown = TestScans.cli("report", copy.toString(), "--ranges", "lambda2=0.24:0.28");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("--ranges names 'lambda2', which is not a free parameter of this scan; they are: x1, x2, x3"),
        unknown.err());
    TestScans.Cli malformed = TestScans.cli("report", copy.toString(), "--ranges", "x1=2:1");
    assertEquals(2, malformed.code());
    assertTrue(malformed.err().contains("--ranges x1=2:1: expected NAME=LO:HI with numbers LO <= HI"), malformed.err());

    TestScans.Cli bad = TestScans.cli("report", copy.toString(), "--pairs", "x1:mass");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("cannot project on 'mass': the free parameters are x1, x2, x3"), bad.err());
    TestScans.Cli notScan = TestScans.cli("report", dir.resolve("nothing-here").toString());
    assertEquals(2, notScan.code());
    assertEquals(1, notScan.err().strip().lines().count(), notScan.err());
  }

  @Test
  void headlessChromiumLoadsEveryFigure() throws Exception {
    Optional<Path> chromium = ChromiumPage.find();
    Assumptions.assumeTrue(chromium.isPresent(), "no chromium on this machine (Debian: apt-get install chromium)");
    Path report = dir.resolve("chromium-report");
    copy(out.resolve("report"), report);
    ChromiumPage.Result page = ChromiumPage.render(chromium.get(), report.resolve("index.html"), dir.resolve("report.png"),
        dir.resolve("chromium"), Duration.ofSeconds(90));
    int named = checkReport(report).size();
    assertEquals(named, page.images().size());
    assertEquals(named, page.loadedImages(), "images that did not load: " + page.images());
    for (ChromiumPage.Image i : page.images()) {
      assertTrue(i.naturalWidth() >= 500 && i.naturalHeight() >= 350, i.toString());
    }
    assertNotNull(ImageIO.read(page.screenshot().toFile()));
  }

  /**
   * The figures a page names, by file, with their sizes; checks that the page names every
   * image of {@code img/} and only those, and that each is a PNG of the size the page gives
   * with a drawing on it (many colours, not a blank canvas).
   */
  static Map<String, int[]> checkReport(Path report) throws Exception {
    String html = Files.readString(report.resolve("index.html"));
    Map<String, int[]> named = new LinkedHashMap<>();
    Matcher m = IMG.matcher(html);
    while (m.find()) {
      assertTrue(m.group(1).startsWith("img/"), m.group(1));
      named.put(m.group(1).substring(4), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
    }
    Set<String> files;
    try (Stream<Path> s = Files.list(report.resolve("img"))) {
      files = s.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(files, new TreeSet<>(named.keySet()), "the page names exactly the images beside it");
    for (Map.Entry<String, int[]> f : named.entrySet()) {
      BufferedImage img = ImageIO.read(report.resolve("img").resolve(f.getKey()).toFile());
      assertNotNull(img, f.getKey() + " is not an image");
      assertEquals(f.getValue()[0], img.getWidth(), f.getKey() + " width");
      assertEquals(f.getValue()[1], img.getHeight(), f.getKey() + " height");
      Set<Integer> colours = new HashSet<>();
      long ink = 0;
      for (int y = 0; y < img.getHeight(); y += 2) {
        for (int x = 0; x < img.getWidth(); x += 2) {
          int rgb = img.getRGB(x, y) & 0xffffff;
          colours.add(rgb);
          ink += rgb == 0xffffff ? 0 : 1;
        }
      }
      assertTrue(colours.size() > 20, f.getKey() + " has only " + colours.size() + " colours");
      assertTrue(ink > img.getWidth() * img.getHeight() / 4 / 50, f.getKey() + " is nearly blank");
    }
    return named;
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
