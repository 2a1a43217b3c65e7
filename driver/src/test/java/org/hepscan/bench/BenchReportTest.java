package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bench.md and bench.csv written and parsed back. */
class BenchReportTest {
  private static final Benchmarks ALL = Benchmarks.load();

  private static Map<String, Double> figures(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Double) kv[i + 1]);
    }
    return m;
  }

  private static BenchReport report(List<BenchReport.SectionOutput> sections) {
    List<Benchmark> b = ALL.select("B2,B4");
    List<RunResult> runs = List.of(
        new RunResult("B2", "random", 1, true, 1000, 80, 10, figures("eff@1000", 0.08), 2.5, "reached 1000 evaluations", "out/runs/B2/random/seed-1", ""),
        new RunResult("B2", "random", 2, true, 1000, 90, 10, figures("eff@1000", 0.09), 3.5, "reached 1000 evaluations", "out/runs/B2/random/seed-2", ""),
        RunResult.failed("B2", "mcmc", 1, "out/runs/B2/mcmc/seed-1", 0.4, "IOException: disk | full, really"),
        new RunResult("B4", "random", 1, true, 200000, 6600, 400, figures("eff@5000", 0.031, "eff@10000", 0.033, "regions", 13.0, "coverage dev", 0.05), 60.0,
            "reached 200000 evaluations", "out/runs/B4/random/seed-1", "did not reach target_points 20000: reached 200000 evaluations"));
    return new BenchReport(new BenchReport.Header("hepscan bench --benchmarks B2,B4", "2025-01-01T00:00:00Z", "abc123",
        "2 cores", "local[2]", Mode.FULL), b, runs, sections);
  }

  @Test
  void csvParsesBackOneRowPerRun() throws Exception {
    BenchReport r = report(List.of());
    assertEquals(List.of("benchmark", "strategy", "seed", "status", "oracle_calls", "in_target", "iterations",
        "eff@1000", "ks p min", "nn cov", "eff@5000", "eff@10000", "regions", "coverage dev", "wall_seconds", "stop_reason", "output", "note"), r.csvColumns());
    List<Map<String, String>> rows;
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(r.csv())) {
      rows = it.readAll();
    }
    assertEquals(4, rows.size());
    assertEquals(r.csvColumns(), List.copyOf(rows.get(0).keySet()));
    Map<String, String> first = rows.get(0);
    assertEquals("B2", first.get("benchmark"));
    assertEquals("1000", first.get("oracle_calls"));
    assertEquals(0.08, Double.parseDouble(first.get("eff@1000")));
    assertEquals("", first.get("coverage dev"));
    Map<String, String> failed = rows.get(2);
    assertEquals("failed", failed.get("status"));
    assertEquals("", failed.get("oracle_calls"));
    assertEquals("IOException: disk | full, really", failed.get("note"));
    Map<String, String> b4 = rows.get(3);
    assertEquals("13", b4.get("regions"));
    assertEquals(0.05, Double.parseDouble(b4.get("coverage dev")));
    assertEquals("", b4.get("eff@1000"));
  }

  @Test
  void markdownHasTheHeaderRunTablesSummariesAndPublishedFigures() {
    String md = report(List.of(new BenchReport.SectionOutput("Surrogate throughput", "| a |\n| --- |\n| 1 |", null),
        new BenchReport.SectionOutput("Broken", null, "IllegalStateException: no GPU"))).markdown();
    assertTrue(md.startsWith("# hepscan bench\n"), md);
    assertTrue(md.contains("- command: `hepscan bench --benchmarks B2,B4`"), md);
    assertTrue(md.contains("- git commit: abc123"), md);
    assertTrue(md.contains("- machine: 2 cores"), md);
    assertTrue(md.contains("- runs: 4, 1 failed"), md);

    List<List<String>> tables = tables(md);
    assertEquals(5, tables.size() - 1, "runs and summary per benchmark, and the section's table");
    List<String> b2Runs = tables.get(0);
    assertEquals(cells("| strategy | seed | oracle calls | in-target | iterations | eff@1000 (%) | ks p min | nn cov | wall s | note |"), cells(b2Runs.get(0)));
    assertEquals(List.of("random", "1", "1000", "80", "10", "8.00", "", "", "2.5", ""), cells(b2Runs.get(2)));
    assertEquals(List.of("mcmc", "1", "**failed**", "", "", "", "", "", "0.4", "IOException: disk | full, really"), cells(b2Runs.get(4)));

    List<String> b2Summary = tables.get(1);
    assertEquals("published (efficiency at 1000 calls)", cells(b2Summary.get(0)).get(9));
    // eff 8 % and 9 %: mean 8.50, sample std 0.71
    assertEquals(List.of("random", "2/2", "1000.0 ± 0.0", "85.0 ± 7.1", "10.0 ± 0.0", "8.50 ± 0.71", "", "", "3.0 ± 0.7", ""), cells(b2Summary.get(2)));
    assertEquals(List.of("mcmc", "0/1", "", "", "", "", "", "", "", "48.2 %"), cells(b2Summary.get(3)));
    assertTrue(md.contains("Published (papers/001), efficiency at 1000 calls: MLS 84.5 %, MCMC 48.2 %, MultiNest 19.6 %."), md);

    List<String> b4Runs = tables.get(2);
    assertEquals(List.of("random", "1", "200000", "6600", "400", "3.10", "3.30", "13", "0.050", "", "", "60.0",
        "did not reach target_points 20000: reached 200000 evaluations"), cells(b4Runs.get(2)));
    assertTrue(md.contains("Stop rule of each run: target_points 20000, max_evaluations 200000."), md);
    assertTrue(md.contains("## Surrogate throughput\n\n| a |"), md);
    assertTrue(md.contains("## Broken\n\n**failed**: IllegalStateException: no GPU"), md);
  }

  /** The Markdown tables of a document, each as its lines. */
  static List<List<String>> tables(String md) {
    List<List<String>> out = new ArrayList<>();
    List<String> current = null;
    for (String line : md.split("\n", -1)) {
      if (line.startsWith("|")) {
        if (current == null) {
          current = new ArrayList<>();
          out.add(current);
        }
        current.add(line);
      } else {
        current = null;
      }
    }
    out.add(List.of()); // the count check above reads size() - 1
    return out;
  }

  /** The cells of a table line, escaped pipes restored. */
  static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
        b.append('|');
        i++;
      } else if (c == '|') {
        cells.add(b.toString().strip());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    return cells;
  }
}
