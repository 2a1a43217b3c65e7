package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.hepscan.store.Json;
import org.hepscan.store.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands a user types: run, status, export; and the ./hepscan launcher of the README. */
class CliEndToEndTest {
  @TempDir
  Path dir;

  private static String[] run(String... args) {
    TestScans.Cli r = TestScans.cli(args);
    return new String[] {String.valueOf(r.code()), r.out(), r.err()};
  }

  @Test
  void runStatusAndCsvExportOfTheEggboxExample() throws Exception {
    String example = TestScans.repositoryRoot().resolve("examples/eggbox.yaml").toString();
    String out = dir.resolve("eggbox").toString();
    String[] r = run("run", example, "--output", out, "--master", "local[2]", "--no-progress");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("eggbox: 10000 evaluations"), r[1]);

    Progress p = Json.MAPPER.readValue(dir.resolve("eggbox/progress.json").toFile(), Progress.class);
    String[] s = run("status", out);
    assertEquals("0", s[0], s[2]);
    assertTrue(s[1].contains("evaluations  10000"), s[1]);
    assertTrue(s[1].contains("in target    " + p.totals().inTarget()), s[1]);
    assertTrue(s[1].contains(String.format(Locale.ROOT, "efficiency   %.2f%%", 100 * p.totals().efficiency())), s[1]);
    // the published random efficiency of this benchmark is 8.85 %
    assertEquals(0.0885, p.totals().efficiency(), 0.012);

    Path csv = dir.resolve("eggbox.csv");
    String[] e = run("export", out, "--format", "csv", "--out", csv.toString());
    assertEquals("0", e[0], e[2]);

    List<Row> rows = TestScans.rows(out);
    CsvSchema header = CsvSchema.emptySchema().withHeader();
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class).with(header).readValues(csv.toFile())) {
      List<Map<String, String>> table = it.readAll();
      assertEquals(rows.size(), table.size());
      List<String> columns = List.of(rows.get(0).schema().fieldNames());
      assertEquals(columns, List.copyOf(table.get(0).keySet()), "one column per field, in order");
      assertEquals(List.of("id", "iteration", "origin", "strategy", "status", "in_target", "loglike", "x1", "x2", "O",
          "seconds", "executor", "message"), columns);
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        Map<String, String> line = table.get(i);
        for (String c : columns) {
          Object v = row.get(row.fieldIndex(c));
          String text = line.get(c);
          if (v instanceof Double d) {
            assertEquals(d, Double.parseDouble(text), 0.0, c + " of row " + i);
          } else {
            assertEquals(String.valueOf(v), text, c + " of row " + i);
          }
        }
      }
    }
  }

  @Test
  void exportToStandardOutput() throws Exception {
    String out = dir.resolve("small").toString();
    Path spec = dir.resolve("small.yaml");
    Files.writeString(spec, EndToEndScanTest.spec("shell7d", "random").replace("max_iterations: 6", "max_iterations: 1"));
    assertEquals("0", run("run", spec.toString(), "--output", out, "--master", "local[2]", "--no-progress")[0]);
    String[] e = run("export", out, "--format", "csv");
    assertEquals("0", e[0], e[2]);
    assertEquals(151, e[1].lines().count(), "header and 150 rows");
    assertTrue(e[1].startsWith("id,iteration,origin,strategy,status,in_target,loglike,x1,"));
  }

  @Test
  void exportOfAScanWithNoCompleteIterationIsTheHeaderAlone() throws Exception {
    Path scan = Files.createDirectories(dir.resolve("fresh"));
    Files.writeString(scan.resolve("spec.yaml"), EndToEndScanTest.spec("eggbox", "random"));
    Path csv = dir.resolve("fresh.csv");
    String[] e = run("export", scan.toString(), "--format", "csv", "--out", csv.toString());
    assertEquals("0", e[0], e[2]);
    assertEquals("id,iteration,origin,strategy,status,in_target,loglike,x1,x2,O,seconds,executor,message\n", Files.readString(csv));
  }

  /** The README's first command, through the real launcher script, on the build Maven just made. */
  @Test
  void launcherRunsTheReadmeExample() throws Exception {
    Path root = TestScans.repositoryRoot();
    String out = dir.resolve("launcher").toString();
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("hepscan").toString(), "run", "examples/eggbox.yaml",
        "--output", out, "--master", "local[2]")
        .directory(root.toFile()).redirectErrorStream(true);
    pb.environment().put("HEPSCAN_NO_BUILD", "1");
    Process p = pb.start();
    StringBuilder text = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      r.lines().forEach(l -> text.append(l).append('\n'));
    } finally {
      assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the launcher did not finish");
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), text.toString());
    assertTrue(text.toString().contains("iteration 10:"), "log line per iteration:\n" + text);
    assertTrue(Files.isRegularFile(Path.of(out, "progress.json")));

    ProcessBuilder statusCommand = new ProcessBuilder("bash", root.resolve("hepscan").toString(), "status", out)
        .directory(root.toFile()).redirectErrorStream(true);
    statusCommand.environment().put("HEPSCAN_NO_BUILD", "1");
    Process status = statusCommand.start();
    String s = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(status.waitFor(120, TimeUnit.SECONDS));
    assertTrue(s.contains("evaluations  10000") && s.contains("in target") && s.contains("efficiency"), s);
  }
}
