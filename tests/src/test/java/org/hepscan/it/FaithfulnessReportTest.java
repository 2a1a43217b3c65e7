package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report tells a scan that piles its points onto a corner of the region from the
 * region itself: a Markov chain with tiny steps, started at one point of the 2-D shell,
 * stays near it, and its in-target points are compared with the uniformly drawn
 * in-target points of the same scan. A scan with only uniform points has nothing to compare.
 */
class FaithfulnessReportTest {
  private static final Pattern ROW = Pattern.compile("<th>faithfulness</th><td>smallest Kolmogorov-Smirnov p ([0-9.eE+-]+) \\((x[12])\\)");

  @TempDir
  Path dir;

  private Path scan(String strategy) throws Exception {
    Path spec = dir.resolve(strategy + ".yaml");
    Files.writeString(spec, """
        name: faithfulness-%s
        seed: 4
        parameters:
          x1: [-2, 2]
          x2: [-2, 2]
        oracle: {builtin: shell}
        constraints:
          - {observable: O, gaussian: {mean: 2, sigma: 0.1}, within_sigma: 2}
        strategy: %s
        stop: {max_iterations: %d}
        """.formatted(strategy, strategy.equals("mcmc")
        ? "{name: mcmc, chains: 1, initial: 600, proposal_width: 0.003}" : "{name: random, batch: 200}",
        strategy.equals("mcmc") ? 41 : 4)); // mcmc: 600 uniform points, then one chain of 40 steps
    Path out = dir.resolve(strategy);
    TestScans.Cli r = TestScans.cli("run", spec.toString(), "--output", out.toString(), "--master", "local[2]", "--no-progress");
    assertEquals(0, r.code(), r.err());
    return out;
  }

  @Test
  void aChainStuckNearItsStartIsToldApartFromTheRegion() throws Exception {
    Path out = scan("mcmc");
    String html = Files.readString(out.resolve("report/index.html"));
    Matcher m = ROW.matcher(html);
    assertTrue(m.find(), "the summary compares the chain's points with the uniform ones");
    assertTrue(Double.parseDouble(m.group(1)) < 1e-3, "the chain covers a patch of the ring: p " + m.group(1));
    assertTrue(html.contains("its points are not spread as the region is"), "and says so");
    for (String x : new String[] {"x1", "x2"}) {
      assertTrue(Files.size(out.resolve("report/img/faith-" + x + ".png")) > 1000, x + " is drawn");
    }
  }

  @Test
  void aScanOfUniformPointsOnlyHasNothingToCompare() throws Exception {
    Path out = scan("random");
    String html = Files.readString(out.resolve("report/index.html"));
    assertFalse(html.contains("<th>faithfulness</th>"), "no strategy points");
    assertFalse(Files.exists(out.resolve("report/img/faith-x1.png")));
  }
}
