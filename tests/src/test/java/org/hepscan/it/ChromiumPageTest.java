package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Headless Chromium tells a loaded image from a broken one and photographs the whole page. */
class ChromiumPageTest {
  private static final int MAGENTA = 0xFF00FF;

  @Test
  void countsLoadedAndBrokenImagesAndScreenshotsTheWholePage() throws Exception {
    Path chromium = ChromiumPage.find().orElse(null);
    Assumptions.assumeTrue(chromium != null, "no chromium on the PATH (Debian: apt-get install chromium)");

    // under target/ and kept after the test, to look at the screenshot
    Path dir = Path.of("target", "chromium-page-test").toAbsolutePath();
    TestFiles.clean(dir);
    Files.createDirectories(dir);
    BufferedImage good = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = good.createGraphics();
    g.setColor(new Color(MAGENTA));
    g.fillRect(0, 0, 120, 80);
    g.dispose();
    ImageIO.write(good, "png", dir.resolve("good.png").toFile());
    // the good image lies below a 900 px window: only a full-page screenshot shows it
    Files.writeString(dir.resolve("page.html"), """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>two images</title>
        <style>body { margin: 0; background: white; } #good { position: absolute; left: 40px; top: 1500px; }</style>
        </head><body>
        <p>A plot that loads and one whose file is missing.</p>
        <img id="broken" src="plots/missing.png" alt="missing">
        <div style="height: 2000px"></div>
        <img id="good" src="good.png" alt="good">
        </body></html>
        """);

    Path png = dir.resolve("page.png");
    ChromiumPage.Result r = ChromiumPage.render(chromium, dir.resolve("page.html"), png, dir, Duration.ofSeconds(60));

    assertEquals(2, r.images().size(), r.images().toString());
    assertEquals(1, r.loadedImages(), r.images().toString());
    assertEquals(new ChromiumPage.Image("plots/missing.png", false, 0, 0), r.images().get(0));
    assertEquals(new ChromiumPage.Image("good.png", true, 120, 80), r.images().get(1));

    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8), "PNG signature of " + png);
    BufferedImage shot = ImageIO.read(png.toFile());
    assertNotNull(shot, png + " is not a PNG that ImageIO can read");
    assertEquals(1280, shot.getWidth());
    assertTrue(r.pageHeight() >= 2000 && shot.getHeight() == r.pageHeight(),
        "screenshot " + shot.getHeight() + " px tall for a page of " + r.pageHeight() + " px");
    assertEquals(MAGENTA, shot.getRGB(40 + 60, 1500 + 40) & 0xFFFFFF, "the good image's middle in " + png);
    assertEquals(0xFFFFFF, shot.getRGB(640, 1200) & 0xFFFFFF, "the page's white background in " + png);

    List<Long> left = r.processes().stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
    assertTrue(r.processes().size() >= 2, "the browser and its children: " + r.processes());
    assertEquals(List.of(), left, "Chromium processes still running");
    try (var profiles = Files.list(dir)) {
      assertFalse(profiles.anyMatch(p -> p.getFileName().toString().startsWith("chromium-profile-")), "profile left in " + dir);
    }
  }
}
