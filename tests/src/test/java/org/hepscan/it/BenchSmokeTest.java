package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hepscan bench --smoke` end to end: real scans, tables consistent with each run's progress.json, failures reported. */
class BenchSmokeTest {
  @TempDir
  Path dir;

  private static List<Map<String, String>> csv(Path file) throws Exception {
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
      return it.readAll();
    }
  }

  @Test
  void smokeBenchOfB2WithRandomAndMcmc() throws Exception {
    Path out = dir.resolve("bench");
    TestScans.Cli r = TestScans.cli("bench", "--smoke", "--benchmarks", "B2", "--strategies", "random,mcmc", "--seeds", "1",
        "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("[1/2] B2 shell-2d random seed 1") && r.out().contains("[2/2] B2 shell-2d mcmc seed 1"), r.out());

    List<Map<String, String>> rows = csv(out.resolve("bench.csv"));
    assertEquals(2, rows.size(), rows.toString());
    assertEquals(List.of("random", "mcmc"), rows.stream().map(m -> m.get("strategy")).toList());
    String md = Files.readString(out.resolve("bench.md"));
    assertTrue(md.contains("- command: `hepscan bench --smoke --benchmarks B2 --strategies random,mcmc --seeds 1 --out "), md);
    assertTrue(md.contains("## B2 shell-2d"), md);

    for (Map<String, String> row : rows) {
      assertEquals("B2", row.get("benchmark"));
      assertEquals("1", row.get("seed"));
      assertEquals("ok", row.get("status"), row.toString());
      Path run = out.resolve("runs/B2/" + row.get("strategy") + "/seed-1");
      Progress p = Json.MAPPER.readValue(run.resolve("progress.json").toFile(), Progress.class);
      assertTrue(p.complete());
      assertEquals(row.get("strategy"), p.strategy());
      assertEquals(p.totals().evaluations(), Long.parseLong(row.get("oracle_calls")));
      assertEquals(300, p.totals().evaluations(), "the smoke stop rule of B2");
      assertEquals(p.totals().inTarget(), Long.parseLong(row.get("in_target")));
      assertEquals(p.iterations().get(p.iterations().size() - 1).iteration(), Integer.parseInt(row.get("iterations")));
      assertEquals(p.totals().wallSeconds(), Double.parseDouble(row.get("wall_seconds")), 0.001);
      // all 300 calls made: efficiency at 300 is the scan's overall efficiency
      assertEquals(p.totals().efficiency(), Double.parseDouble(row.get("eff@300")), 1e-12);
      String line = String.format(java.util.Locale.ROOT, "| %s | 1 | 300 | %d | %s | %.2f |", row.get("strategy"), p.totals().inTarget(),
          row.get("iterations"), 100 * p.totals().efficiency());
      assertTrue(md.contains(line), line + " in\n" + md);

      TestScans.Cli status = TestScans.cli("status", run.toString());
      assertEquals(0, status.code(), status.err());
      assertTrue(status.out().contains("evaluations  300"), status.out());
    }
    // mcmc proposes one point per chain per iteration after the initial ones: many more iterations than random
    assertTrue(Integer.parseInt(rows.get(1).get("iterations")) > Integer.parseInt(rows.get(0).get("iterations")), rows.toString());

    // --resume reads the complete runs instead of running them again: the same figures
    TestScans.Cli again = TestScans.cli("bench", "--smoke", "--benchmarks", "B2", "--strategies", "random,mcmc", "--seeds", "1",
        "--out", out.toString(), "--master", "local[2]", "--resume");
    assertEquals(0, again.code(), again.out() + again.err());
    List<Map<String, String>> reread = csv(out.resolve("bench.csv"));
    assertEquals(2, reread.size(), reread.toString());
    for (int i = 0; i < 2; i++) {
      for (String column : List.of("strategy", "oracle_calls", "in_target", "iterations", "eff@300")) {
        assertEquals(rows.get(i).get(column), reread.get(i).get(column), column + " of row " + i);
      }
    }
  }

  /** The pipelining section alone (--benchmarks none): sequential and pipelined runs of the same scan, each figure from its progress.json. */
  @Test
  void smokePipeliningSectionComparesSequentialAndPipelinedRounds() throws Exception {
    Path out = dir.resolve("pipelining");
    TestScans.Cli r = TestScans.cli("bench", "--smoke", "--benchmarks", "none", "--sections", "pipelining",
        "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, r.code(), r.out() + r.err());
    String md = Files.readString(out.resolve("bench.md"));
    assertTrue(md.contains("## Pipelined rounds (executor busy time, dispatch overhead)"), md);
    for (int staleness = 0; staleness <= 1; staleness++) {
      Progress p = Json.MAPPER.readValue(out.resolve("sections/pipelining/staleness-" + staleness + "/progress.json").toFile(), Progress.class);
      assertEquals(4, p.iterations().size());
      assertEquals(160, p.totals().evaluations());
      String row = String.format(java.util.Locale.ROOT, "| %s | 160 | %.1f | %.1f | %.1f %% |",
          staleness == 0 ? "sequential (staleness 0)" : "pipelined (staleness 1)", p.totals().wallSeconds(), p.totals().callSeconds(),
          100 * p.totals().executorBusyFraction());
      assertTrue(md.contains(row), row + " in\n" + md);
      var last = p.iterations().get(3);
      assertEquals(staleness == 0 ? 4 : 3, last.trainedThrough(), "what the last round trained on");
    }

    TestScans.Cli none = TestScans.cli("bench", "--benchmarks", "none", "--out", dir.resolve("nothing").toString());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("--benchmarks none runs no scans: name what to measure with --sections (known: "), none.err());
  }

  @Test
  void aFailedRunIsReportedAndTheOthersGoOn() throws Exception {
    Path out = dir.resolve("bench");
    // a file where the random run's directories must go: that run cannot write, the mcmc run can
    Files.createDirectories(out.resolve("runs/B2"));
    Files.writeString(out.resolve("runs/B2/random"), "in the way");
    TestScans.Cli r = TestScans.cli("bench", "--smoke", "--benchmarks", "B2", "--strategies", "random,mcmc", "--seeds", "1",
        "--out", out.toString(), "--master", "local[2]");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("1 of 2 runs failed"), r.err());

    List<Map<String, String>> rows = csv(out.resolve("bench.csv"));
    assertEquals(List.of("failed", "ok"), rows.stream().map(m -> m.get("status")).toList());
    assertTrue(!rows.get(0).get("note").isEmpty(), rows.toString());
    assertEquals("300", rows.get(1).get("oracle_calls"));
    String md = Files.readString(out.resolve("bench.md"));
    assertTrue(md.contains("| random | 1 | **failed** |"), md);
    assertTrue(md.contains("| random | 0/1 |"), md);
  }
}
