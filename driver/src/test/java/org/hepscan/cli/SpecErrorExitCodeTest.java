package org.hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hepscan.spec.MalformedSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad spec or a bad output is refused with exit code 2 before Spark starts, and nothing
 * is written. None of these reaches Spark: every command here fails (or, for help, ends)
 * before {@code SparkSessions.start}.
 */
class SpecErrorExitCodeTest {

  @TempDir
  Path tmp;

  /** What one run of the command line printed and returned. */
  record Result(int code, String out, String err) {
  }

  static Result hepscan(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  private List<Path> contents(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.hepscan.spec.MalformedSpecs#all")
  void aMalformedSpecExitsWith2AndWritesNothing(MalformedSpecs.Case c) throws IOException {
    Path spec = Files.writeString(tmp.resolve(c.id() + ".yaml"), c.yaml());
    Path output = tmp.resolve("runs").resolve(c.id());
    List<Path> before = contents(tmp);

    Result r = hepscan("run", spec.toString(), "--output", output.toString());

    assertEquals(2, r.code(), r.err());
    String where = c.line() < 0 ? spec + ":" : spec + (c.line() > 0 ? ":" + c.line() : "") + ": ";
    assertTrue(r.err().startsWith("hepscan: " + where), "file and line: " + r.err());
    if (!c.path().isEmpty()) {
      assertTrue(r.err().contains(": " + c.path() + ": "), "path " + c.path() + ": " + r.err());
    }
    assertTrue(r.err().contains(c.expected()), "what was expected: " + r.err());
    assertTrue(r.err().lines().allMatch(l -> l.startsWith("hepscan: ")), r.err());
    assertTrue(r.err().contains("the spec was not run; nothing was written"), r.err());
    assertEquals("", r.out());
    assertFalse(Files.exists(output), "the output directory must not be created");
    assertFalse(Files.exists(output.getParent()), "nor its parent");
    assertEquals(before, contents(tmp), "nothing written anywhere");
  }

  @Test
  void aMissingSpecFileExitsWith2() {
    Path output = tmp.resolve("out");
    Result r = hepscan("run", tmp.resolve("nope.yaml").toString(), "--output", output.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("hepscan: " + tmp.resolve("nope.yaml") + ": no such file"), r.err());
    assertFalse(Files.exists(output));
  }

  @Test
  void aBadSparkHepscanSettingExitsWith2NamingTheSetting() throws IOException {
    Path spec = Files.writeString(tmp.resolve("scan.yaml"), MalformedSpecs.VALID);
    Path output = tmp.resolve("out");
    List<Path> before = contents(tmp);
    Result r = hepscan("run", spec.toString(), "--output", output.toString(), "--conf", "spark.hepscan.stop.max_evaluations=lots");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("hepscan: " + spec + ": stop.max_evaluations: expected a whole number, got 'lots' (text)"
        + " (the value comes from the Spark setting spark.hepscan.stop.max_evaluations=lots)"), r.err());
    assertEquals(before, contents(tmp));

    Result unknown = hepscan("run", spec.toString(), "--output", output.toString(), "--conf", "spark.hepscan.strategy.batchsize=5");
    assertEquals(2, unknown.code(), unknown.err());
    assertTrue(unknown.err().contains("strategy.batchsize: unknown key 'batchsize'"), unknown.err());
    assertTrue(unknown.err().contains("spark.hepscan.strategy.batchsize=5"), unknown.err());
    assertEquals(before, contents(tmp));
  }

  /** A driver that spark-submit runs on the cluster reads the spec --files put in its working directory, and writes elsewhere. */
  @Test
  void aDriverOnTheClusterIsToldWhereTheSpecAndTheOutputMustBe() throws IOException {
    Result r = hepscan("run", "pmssm.yaml", "--conf", "spark.submit.deployMode=cluster");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("pmssm.yaml: no such file in the driver's working directory"), r.err());
    assertTrue(r.err().contains("ship the spec with spark-submit --files pmssm.yaml"), r.err());

    Path spec = Files.writeString(tmp.resolve("scan.yaml"), MalformedSpecs.VALID);
    List<Path> before = contents(tmp);
    Result relative = hepscan("run", spec.toString(), "--output", "runs/scan", "--conf", "spark.submit.deployMode=cluster");
    assertEquals(2, relative.code(), relative.err());
    assertTrue(relative.err().startsWith("hepscan: the output runs/scan is a relative path on the local disk of a driver that runs"
        + " on the cluster"), relative.err());
    assertEquals(before, contents(tmp));
  }

  @Test
  void aSpecThatIsADirectoryExitsWith2() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("scan.yaml"));
    Result r = hepscan("run", dir.toString(), "--output", tmp.resolve("out").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("cannot read"), r.err());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void runWithoutASpecArgumentExitsWith2() {
    Result r = hepscan("run");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("SPEC"), r.err());
  }

  @Test
  void statusOfADirectoryThatIsNotAScanExitsWith2WithOneLine() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("holiday-photos"));
    Files.writeString(dir.resolve("beach.jpg"), "not a scan");
    Result r = hepscan("status", dir.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals(List.of("hepscan: " + dir + " is not the output of a hepscan scan (no spec.yaml or progress.json there)"),
        r.err().lines().toList());
    assertEquals("", r.out());

    Result missing = hepscan("status", tmp.resolve("never-ran").toString());
    assertEquals(2, missing.code(), missing.err());
    assertEquals(1, missing.err().lines().count(), missing.err());
    assertFalse(Files.exists(tmp.resolve("never-ran")));
  }

  @Test
  void runWithoutAnyOutputExitsWith2() throws IOException {
    Path spec = Files.writeString(tmp.resolve("scan.yaml"), MalformedSpecs.VALID);
    List<Path> before = contents(tmp);
    Result r = hepscan("run", spec.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals(List.of("hepscan: " + spec + ": no output: set output: in the spec or pass --output DIR"), r.err().lines().toList());
    assertEquals(before, contents(tmp));
  }

  @Test
  void runIntoADirectoryThatHoldsFilesWithoutResumeExitsWith2AndLeavesThemAlone() throws IOException {
    Path spec = Files.writeString(tmp.resolve("scan.yaml"), MalformedSpecs.VALID);
    Path output = Files.createDirectory(tmp.resolve("runs"));
    Path notes = Files.writeString(output.resolve("notes.txt"), "keep me\n");
    Path sub = Files.createDirectory(output.resolve("old"));
    Files.writeString(sub.resolve("data.csv"), "a,b\n1,2\n");
    long modified = Files.getLastModifiedTime(notes).toMillis();
    List<Path> before = contents(tmp);

    Result r = hepscan("run", spec.toString(), "--output", output.toString());

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("already holds files; continue that scan with --resume, or choose another output (--output DIR)"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals(before, contents(tmp));
    assertEquals("keep me\n", Files.readString(notes));
    assertEquals("a,b\n1,2\n", Files.readString(sub.resolve("data.csv")));
    assertEquals(modified, Files.getLastModifiedTime(notes).toMillis());
  }

  @Test
  void theSpecsOutputIsGuardedToo() throws IOException {
    Path output = Files.createDirectory(tmp.resolve("runs"));
    Files.writeString(output.resolve("notes.txt"), "keep me\n");
    Path spec = Files.writeString(tmp.resolve("scan.yaml"), MalformedSpecs.VALID + "output: " + output + "\n");
    Result r = hepscan("run", spec.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("already holds files"), r.err());
    assertEquals(List.of(output, output.resolve("notes.txt")), contents(output));
  }

  @Test
  void resumeIntoFilesThatAreNotAScanExitsWith2() throws IOException {
    Path spec = Files.writeString(tmp.resolve("scan.yaml"), MalformedSpecs.VALID);
    Path output = Files.createDirectory(tmp.resolve("runs"));
    Files.writeString(output.resolve("notes.txt"), "keep me\n");
    List<Path> before = contents(tmp);
    Result r = hepscan("run", spec.toString(), "--output", output.toString(), "--resume");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("holds files but no hepscan scan (no spec.yaml or progress.json); nothing to resume there"), r.err());
    assertEquals(before, contents(tmp));
  }

  @Test
  void resumeWithAChangedSpecExitsWith2AndNamesWhatChanged() throws IOException {
    Path output = Files.createDirectory(tmp.resolve("runs"));
    Path started = Files.writeString(output.resolve("spec.yaml"), MalformedSpecs.VALID);
    Path spec = Files.writeString(tmp.resolve("scan.yaml"), MalformedSpecs.VALID
        .replace("seed: 1", "seed: 2")
        .replace("batch: 10", "batch: 20")
        .replace("max_evaluations: 100", "max_evaluations: 500"));
    List<Path> before = contents(tmp);
    Result r = hepscan("run", spec.toString(), "--output", output.toString(), "--resume");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("differs from the spec the scan at"), r.err());
    assertTrue(r.err().contains("was started with, in: seed, strategy."), "stop may change, seed and strategy not: " + r.err());
    assertEquals(before, contents(tmp));
    assertEquals(MalformedSpecs.VALID, Files.readString(started));
  }

  @Test
  void helpExitsWith0AndShowsExamples() {
    Result top = hepscan("--help");
    assertEquals(0, top.code(), top.err());
    assertTrue(top.out().contains("Usage: hepscan"), top.out());
    assertTrue(top.out().contains("Examples:"), top.out());
    assertTrue(top.out().contains("hepscan run examples/eggbox.yaml"), top.out());
    for (String command : List.of("run", "status", "export")) {
      assertTrue(top.out().contains(command), command + " listed: " + top.out());
    }

    Result run = hepscan("run", "--help");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("Usage: hepscan run"), run.out());
    assertTrue(run.out().contains("Examples:"), run.out());
    assertTrue(run.out().contains("hepscan run examples/eggbox.yaml"), run.out());
    assertTrue(run.out().contains("--resume"), run.out());

    Result viaHelp = hepscan("help", "run");
    assertEquals(0, viaHelp.code(), viaHelp.err());
    assertTrue(viaHelp.out().contains("Examples:"), viaHelp.out());
  }
}
