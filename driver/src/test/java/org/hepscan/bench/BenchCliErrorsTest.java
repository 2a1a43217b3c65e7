package org.hepscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hepscan.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hepscan bench` refuses bad arguments with exit code 2 and a message naming the culprit, before Spark starts. */
class BenchCliErrorsTest {
  @TempDir
  Path tmp;

  record Result(int code, String out, String err) {
  }

  static Result hepscan(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void unknownBenchmark() {
    Result r = hepscan("bench", "--smoke", "--benchmarks", "B2,B9", "--out", tmp.resolve("b").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("unknown benchmark 'B9'") && r.err().contains("B1 (eggbox)"), r.err());
    assertFalse(Files.exists(tmp.resolve("b")), "nothing written");
  }

  @Test
  void unknownStrategy() {
    Result r = hepscan("bench", "--smoke", "--benchmarks", "B2", "--strategies", "random,wizard", "--out", tmp.resolve("b").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("unknown strategy 'wizard'") && r.err().contains("random, mcmc"), r.err());
  }

  @Test
  void unknownSection() {
    Result r = hepscan("bench", "--smoke", "--sections", "gpu-magic", "--out", tmp.resolve("b").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("unknown bench section 'gpu-magic'"), r.err());
  }

  @Test
  void seedsAndSeedsCountTogether() {
    Result r = hepscan("bench", "--seeds", "1,2", "--seeds-count", "3", "--out", tmp.resolve("b").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--seeds or --seeds-count"), r.err());
  }

  @Test
  void anEarlierRunIsNotOverwrittenUnlessAskedTo() throws Exception {
    Path earlier = Files.createDirectories(tmp.resolve("b/runs/B2/random/seed-1"));
    Files.writeString(earlier.resolve("progress.json"), "{}");
    Result r = hepscan("bench", "--smoke", "--benchmarks", "B2", "--strategies", "random", "--seeds", "1", "--out", tmp.resolve("b").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--overwrite") && r.err().contains("B2/random/seed-1"), r.err());
    assertTrue(Files.exists(earlier.resolve("progress.json")));
  }

  @Test
  void helpShowsExamples() {
    Result r = hepscan("bench", "--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("hepscan bench --smoke") && r.out().contains("--seeds-count") && r.out().contains("surrogate-throughput"), r.out());
  }
}
