package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.hepscan.executor.OracleRunner;
import org.hepscan.scan.ScanResult;
import org.hepscan.spec.ScanSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole scan on local[2] whose oracle is a chain of two fake external codes, as a
 * spectrum generator followed by a relic-density code would be: the first reads an input
 * card on stdin and writes spectrum.txt, or says its point is unphysical, or forgets its
 * output; the second reads the first one's file and writes JSON.
 */
class ExternalChainScanTest {
  @TempDir
  Path dir;

  private Path script(String name, String body) throws IOException {
    return TestFiles.script(dir, name, body);
  }

  private static Set<Path> kept() throws IOException {
    Path root = OracleRunner.keptSandboxes();
    if (!Files.isDirectory(root)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return new HashSet<>(s.toList());
    }
  }

  @Test
  void aRandomScanOverATwoStageChainRecordsEveryOutcome() throws Exception {
    Path spectrum = script("spectrum", """
        read model x1 x2
        if awk -v a="$x1" 'BEGIN { exit !(a < -0.5) }'; then echo "tachyonic stau" >&2; exit 3; fi
        echo "spectrum for $model"
        if awk -v b="$x2" 'BEGIN { exit !(b > 0.8) }'; then echo "no convergence, giving up"; exit 0; fi
        awk -v a="$x1" -v b="$x2" 'BEGIN { printf "mh %.17g\\n", a*a + b*b }' > spectrum.txt
        """);
    Path relic = script("relic", """
        mh=$(awk '$1 == "mh" { print $2 }' "$1")
        awk -v h="$mh" 'BEGIN { printf "{\\"relic\\": {\\"omega\\": %.17g}}\\n", h / 2 }' > relic.json
        """);
    ScanSpec spec = TestScans.spec("""
        name: chain
        seed: 11
        parameters: {x1: [-1, 1], x2: [-1, 1]}
        oracle:
          chain:
            - command:
                argv: [%s]
                input: {template: "toy ${x1} ${x2}\\n", file: card.in}
                stdin: '${input}'
                output: spectrum.txt
                invalid: {exit_codes: [3]}
                observables: {mh: {key: mh}}
            - command:
                argv: [%s, '${previous}']
                output: relic.json
                observables: {omega: {json: relic.omega}}
          timeout_seconds: 30
          keep_failed: true
        constraints:
          - {observable: omega, upper: 0.25}
        strategy: {name: random, batch: 40}
        stop: {max_iterations: 2}
        """.formatted(spectrum, relic));
    assertEquals(List.of("x1", "x2", "mh", "omega"), spec.dataColumns());
    Set<Path> keptBefore = kept();

    String out = dir.resolve("run").toString();
    ScanResult result = TestScans.run(spec, out, false);
    assertTrue(result.complete());

    List<Row> rows = TestScans.rows(out);
    assertEquals(80, rows.size());
    Map<String, Integer> seen = new HashMap<>();
    for (Row r : rows) {
      double x1 = r.getDouble(r.fieldIndex("x1"));
      double x2 = r.getDouble(r.fieldIndex("x2"));
      String status = r.getString(r.fieldIndex("status"));
      String message = r.getString(r.fieldIndex("message"));
      boolean inTarget = r.getBoolean(r.fieldIndex("in_target"));
      if (x1 < -0.5) {
        assertEquals("INVALID", status, message);
        assertEquals("command#1: spectrum exited 3 (an invalid point by invalid.exit_codes): tachyonic stau", message);
        seen.merge("invalid", 1, Integer::sum);
      } else if (x2 > 0.8) {
        assertEquals("FAILED", status, message);
        assertEquals("command#1: no output file spectrum.txt (stdout tail: spectrum for toy | no convergence, giving up)", message);
        seen.merge("failed", 1, Integer::sum);
      } else {
        assertEquals("OK", status, message);
        double mh = r.getDouble(r.fieldIndex("mh"));
        double omega = r.getDouble(r.fieldIndex("omega"));
        assertEquals(x1 * x1 + x2 * x2, mh, 0.0, "x went out as text and mh came back exactly");
        assertEquals(mh / 2, omega, 0.0, "the second stage read the first one's file");
        assertEquals(omega <= 0.25, inTarget);
        seen.merge(inTarget ? "in target" : "ok", 1, Integer::sum);
      }
      if (!status.equals("OK")) {
        assertTrue(!inTarget);
      }
    }
    for (String k : List.of("invalid", "failed", "in target", "ok")) {
      assertTrue(seen.getOrDefault(k, 0) > 0, "no " + k + " among " + seen);
    }

    // keep_failed: the sandbox of every call that did not end OK is kept, with its files
    Set<Path> added = kept();
    added.removeAll(keptBefore);
    assertEquals(seen.get("invalid") + seen.get("failed"), added.size(), "one kept sandbox per INVALID or FAILED row");
    for (Path sandbox : added) {
      assertTrue(Files.readString(sandbox.resolve("card.in")).startsWith("toy "), sandbox.toString());
      assertTrue(Files.exists(sandbox.resolve("stage1-command.stdout")));
    }
  }

  @Test
  void theExampleChainRuns() throws Exception {
    String text = Files.readString(TestScans.repositoryRoot().resolve("examples/command-chain.yaml"))
        .replace("max_evaluations: 1000", "max_evaluations: 200");
    ScanSpec spec = TestScans.spec(text);
    String out = dir.resolve("example").toString();
    assertTrue(TestScans.run(spec, out, false).complete());
    List<Row> rows = TestScans.rows(out);
    assertEquals(200, rows.size());
    int inTarget = 0;
    for (Row r : rows) {
      assertEquals("OK", r.getString(r.fieldIndex("status")), r.getString(r.fieldIndex("message")));
      double x1 = r.getDouble(r.fieldIndex("x1"));
      double x2 = r.getDouble(r.fieldIndex("x2"));
      double o = r.getDouble(r.fieldIndex("O"));
      assertEquals(x1 * x1 + x2 * x2, o, 0.0);
      assertEquals(Math.pow(o - 1, 2) / 0.01, r.getDouble(r.fieldIndex("chi2")), 1e-12 * Math.max(1, Math.pow(o - 1, 2) / 0.01));
      inTarget += r.getBoolean(r.fieldIndex("in_target")) ? 1 : 0;
    }
    // the annulus 0.8 < O < 1.2 is 0.4 pi / 16 = 7.9 % of the square
    assertTrue(inTarget > 5 && inTarget < 35, "in target: " + inTarget);
  }
}
