package org.hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hepscan.cli.SpecErrorExitCodeTest.Result;
import org.hepscan.spec.MalformedSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commands that read a scan (status, export, predict) refuse a missing or non-scan
 * OUTPUT, and arguments that cannot work, with one line and exit code 2, before Spark
 * starts and without writing anything; every command's help shows examples. None of these
 * reaches Spark or DJL.
 */
class ScanArgumentErrorsTest {
  @TempDir
  Path tmp;

  private static Result hepscan(String... args) {
    return SpecErrorExitCodeTest.hepscan(args);
  }

  /** The command line of {@code command} on {@code output}, with the options it requires. */
  private String[] reading(String command, Path output, String... more) {
    List<String> args = new ArrayList<>(List.of(command, output.toString()));
    switch (command) {
      case "export" -> args.addAll(List.of("--format", "csv", "--out", tmp.resolve("table.csv").toString()));
      case "predict" -> args.addAll(List.of("--input", tmp.resolve("points.csv").toString()));
      default -> { }
    }
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private List<Path> contents() throws IOException {
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.sorted().toList();
    }
  }

  /** A scan that was started and has not finished an iteration: its spec.yaml alone. */
  private Path startedScan() throws IOException {
    Path scan = Files.createDirectories(tmp.resolve("scan"));
    Files.writeString(scan.resolve("spec.yaml"), MalformedSpecs.VALID);
    return scan;
  }

  private static void assertOneLine(Result r, String expected) {
    assertEquals(2, r.code(), r.err());
    assertEquals(List.of("hepscan: " + expected), r.err().lines().toList());
    assertEquals("", r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "export", "predict"})
  void aMissingOutputIsOneLineAndExit2(String command) throws IOException {
    Path missing = tmp.resolve("never-ran");
    List<Path> before = contents();
    assertOneLine(hepscan(reading(command, missing)),
        missing + " does not exist; give the output directory of a scan (hepscan run ... --output DIR)");
    assertEquals(before, contents(), "nothing written");
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "export", "predict"})
  void aDirectoryWithoutAScanIsOneLineAndExit2(String command) throws IOException {
    Path photos = Files.createDirectory(tmp.resolve("holiday-photos"));
    Files.writeString(photos.resolve("beach.jpg"), "not a scan");
    List<Path> before = contents();
    assertOneLine(hepscan(reading(command, photos)),
        photos + " is not the output of a hepscan scan (no spec.yaml or progress.json there)");
    assertEquals(before, contents(), "nothing written");
  }

  @Test
  void everySubcommandsHelpShowsExamples() {
    for (String command : List.of("run", "status", "export", "predict", "bench")) {
      Result r = hepscan(command, "--help");
      assertEquals(0, r.code(), command + ": " + r.err());
      assertTrue(r.out().startsWith("Usage: hepscan " + command), r.out());
      assertTrue(r.out().contains("\nExamples:\n"), command + ": " + r.out());
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  hepscan " + command + " ")), command + " example: " + r.out());
    }
    Result top = hepscan("--help");
    assertTrue(top.out().lines().anyMatch(l -> l.strip().startsWith("predict ")), "predict listed: " + top.out());
    assertTrue(top.out().contains("  hepscan predict "), "and an example of it: " + top.out());
  }

  @Test
  void exportRefusesAnUnknownOrRepeatedColumnNamingTheKnownOnes() throws IOException {
    Path scan = startedScan();
    List<Path> before = contents();
    assertOneLine(hepscan(reading("export", scan, "--columns", "x1,y,O")), "unknown column 'y' in --columns; known: "
        + "id, iteration, origin, strategy, status, in_target, loglike, x1, x2, O, seconds, executor, message");
    assertOneLine(hepscan(reading("export", scan, "--columns", "x1,x2,x1")), "column 'x1' is named twice in --columns");
    assertEquals(before, contents(), "nothing written");
  }

  @Test
  void parquetNeedsANewDirectory() throws IOException {
    Path scan = startedScan();
    assertOneLine(hepscan("export", scan.toString(), "--format", "parquet"),
        "--format parquet needs --out DIR: Parquet is a directory of files, not a stream");
    Path taken = Files.createDirectory(tmp.resolve("taken"));
    Files.writeString(taken.resolve("keep.txt"), "mine");
    List<Path> before = contents();
    assertOneLine(hepscan("export", scan.toString(), "--format", "parquet", "--out", taken.toString()),
        taken + " already exists; a Parquet export creates a new directory: remove it or choose another --out");
    assertEquals(before, contents());
    assertOneLine(hepscan("export", scan.toString(), "--format", "csv", "--out", taken.toString()),
        taken + " is a directory; --out names the CSV file to write");
    assertEquals(before, contents());
  }

  @Test
  void predictOnAScanWithoutModelsSaysWhy() throws IOException {
    Path scan = startedScan();
    Files.writeString(tmp.resolve("points.csv"), "x1,x2\n1,2\n");
    List<Path> before = contents();
    assertOneLine(hepscan(reading("predict", scan)), scan + " has no models/ directory: its strategy, random, saved no surrogate"
        + " (a learned strategy saves its models at every checkpoint, once it has trained one)");
    assertOneLine(hepscan(reading("predict", scan, "--batch", "0")), "--batch must be at least 1, got 0");
    assertEquals(before, contents());
    assertFalse(Files.exists(scan.resolve("models")));
  }
}
