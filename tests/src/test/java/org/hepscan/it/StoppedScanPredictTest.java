package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hepscan.scan.ScanReporter;
import org.hepscan.store.Checkpoint;
import org.hepscan.store.IterationStats;
import org.hepscan.store.ScanOutput;
import org.hepscan.strategy.api.History;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.SurrogateCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learned scan that stops after iteration 3 (here: its driver dies right after that
 * iteration's checkpoint) has its iteration-3 models under {@code OUTPUT/models/}, the same
 * bytes its checkpoint names beside it, and {@code hepscan predict} answers with them; the
 * checkpoint's JSON holds no weights.
 */
class StoppedScanPredictTest {
  @TempDir
  Path dir;

  static final String SPEC = """
      name: eggbox-stopped
      seed: 5
      parameters:
        x1: {min: 0, max: 31.41592653589793}
        x2: {min: 0, max: 31.41592653589793}
      oracle: {builtin: eggbox}
      constraints:
        - {observable: O, gaussian: {mean: 100, sigma: 10}, within_sigma: 2}
      strategy:
        name: mls
        initial: 100
        batch: 50
        candidates: 2000
        model: {hidden: [16, 16], epochs: 30, batch_size: 64}
      stop: {max_iterations: 8}
      """;

  /** The driver "dies" once iteration 3 is checkpointed, as a killed driver would after its last complete write. */
  static final class DiesAfterThree implements ScanReporter {
    @Override
    public void iterationFinished(IterationStats stats, History history) {
      if (stats.iteration() == 3) {
        throw new IllegalStateException("driver killed after iteration 3");
      }
    }
  }

  @Test
  void predictOnAScanStoppedAfterIterationThreeUsesItsIterationThreeModels() throws Exception {
    String out = dir.resolve("scan").toString();
    IllegalStateException killed = assertThrows(IllegalStateException.class,
        () -> TestScans.run(TestScans.spec(SPEC), out, false, new DiesAfterThree()));
    assertEquals("driver killed after iteration 3", killed.getMessage());

    ScanOutput output = ScanOutput.at(out, TestScans.spark().sparkContext().hadoopConfiguration());
    Checkpoint c = Checkpoint.load(output).orElseThrow();
    assertEquals(3, c.iteration());
    // pipelined rounds: the state that proposed batch 4 learned through iteration 2
    assertEquals(2, c.learned());
    String ref = c.models().get("regressor");
    assertEquals("regressor-000003.bin", ref, "first written by the checkpoint of iteration 3");
    byte[] checkpointed = Files.readAllBytes(dir.resolve("scan/checkpoint/models").resolve(ref));
    byte[] saved = Files.readAllBytes(dir.resolve("scan/models/regressor.bin"));
    assertArrayEquals(checkpointed, saved, "OUTPUT/models holds the checkpoint's model");
    String state = Files.readString(dir.resolve("scan/checkpoint/state-000003.json"));
    assertEquals(-1, state.indexOf("\"regressor\":\"" + "A"), "no Base64 weights in the checkpoint JSON");
    JsonNode meta = new ObjectMapper().readTree(dir.resolve("scan/models/regressor.json").toFile());
    assertEquals(3, meta.path("iteration").asInt());
    assertEquals(2, meta.path("learned_through").asInt());

    Path points = Files.writeString(dir.resolve("points.csv"), "x1,x2\n3.0,4.0\n10.5,20.25\n31.0,0.5\n");
    TestScans.Cli p = TestScans.cli("predict", out, "--input", points.toString());
    assertEquals(0, p.code(), p.err());
    List<String> lines = p.out().lines().toList();
    assertEquals("x1,x2,regressor.O", lines.get(0));
    double range = 31.41592653589793;
    double[][] unit = {{3.0 / range, 4.0 / range}, {10.5 / range, 20.25 / range}, {31.0 / range, 0.5 / range}};
    try (Surrogate model = SurrogateCatalog.load(checkpointed)) {
      Prediction direct = model.predict(unit);
      for (int i = 0; i < 3; i++) {
        double printed = Double.parseDouble(lines.get(i + 1).split(",")[2]);
        assertEquals(direct.mean()[i][0], printed, 1e-9 * (1 + Math.abs(printed)), "row " + i);
      }
    }

    // and the scan goes on from there with the same model, to its stop rule
    TestScans.run(TestScans.spec(SPEC), out, true);
    assertEquals(100 + 7 * 50, TestScans.rows(out).size());
  }
}
