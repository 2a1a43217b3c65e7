package org.hepscan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.hepscan.surrogate.MlpEnsemble;
import org.hepscan.surrogate.MlpSurrogate;
import org.hepscan.surrogate.Prediction;
import org.hepscan.surrogate.SurrogateCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hepscan predict} with the surrogate of a real mls scan of the eggbox (an ensemble
 * of two small networks, so the model has a spread), on the points the scan evaluated:
 * the predictions are the saved model's on the right unit-cube coordinates, they
 * reproduce the fit the training reported, and malformed inputs are refused.
 */
class PredictCommandTest {
  @TempDir
  Path dir;

  static final double RANGE = 31.41592653589793;

  static final String SPEC = """
      name: eggbox-mls
      seed: 11
      parameters:
        x1: {min: 0, max: 31.41592653589793}
        x2: {min: 0, max: 31.41592653589793}
      oracle: {builtin: eggbox}
      constraints:
        - {observable: O, gaussian: {mean: 100, sigma: 10}, within_sigma: 2}
      strategy:
        name: mls
        initial: 100
        batch: 100
        candidates: 5000
        model: {hidden: [32, 32], epochs: 200, batch_size: 64, ensemble: 2}
      stop: {max_iterations: 3}
      """;

  private static List<String[]> csv(Path file) throws Exception {
    try (MappingIterator<String[]> it = new CsvMapper().readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
        .readValues(file.toFile())) {
      return it.readAll();
    }
  }

  @Test
  void predictionsOfTheSavedModelReproduceItsTrainingFitAndBadInputsAreRefused() throws Exception {
    String out = dir.resolve("scan").toString();
    TestScans.run(TestScans.spec(SPEC), out, false);
    List<Row> rows = TestScans.rows(out);
    assertEquals(300, rows.size());

    Path points = dir.resolve("points.csv");
    TestScans.Cli e = TestScans.cli("export", out, "--format", "csv", "--columns", "x1,x2", "--out", points.toString());
    assertEquals(0, e.code(), e.err());
    Path predictions = dir.resolve("predictions.csv");
    TestScans.Cli p = TestScans.cli("predict", out, "--input", points.toString(), "--out", predictions.toString());
    assertEquals(0, p.code(), p.err());
    assertEquals("hepscan: wrote 300 predictions of regressor to " + predictions + "\n", p.err());

    List<String[]> table = csv(predictions);
    assertEquals(List.of("x1", "x2", "regressor.O", "regressor.O.std"), Arrays.asList(table.get(0)));
    assertEquals(301, table.size());

    // the saved model itself, on unit-cube coordinates computed here from the spec's ranges
    double[][] unit = new double[300][];
    double[] measured = new double[300];
    for (int i = 0; i < 300; i++) {
      Row r = rows.get(i);
      unit[i] = new double[] {r.getDouble(r.fieldIndex("x1")) / RANGE, r.getDouble(r.fieldIndex("x2")) / RANGE};
      measured[i] = r.getDouble(r.fieldIndex("O"));
      assertEquals(String.valueOf(r.getDouble(r.fieldIndex("x1"))), table.get(i + 1)[0], "the input echoed, row " + i);
    }
    byte[] bytes = Files.readAllBytes(Path.of(out, "models", "regressor.bin"));
    double mse = 0;
    double meanO = Arrays.stream(measured).average().orElseThrow();
    double varO = Arrays.stream(measured).map(v -> (v - meanO) * (v - meanO)).average().orElseThrow();
    double[] memberLoss = new double[2];
    double worst = 0;
    try (MlpEnsemble model = (MlpEnsemble) SurrogateCatalog.load("mlp", bytes)) {
      Prediction direct = model.predict(unit);
      for (int i = 0; i < 300; i++) {
        double mean = Double.parseDouble(table.get(i + 1)[2]);
        double std = Double.parseDouble(table.get(i + 1)[3]);
        worst = Math.max(worst, Math.abs(mean - direct.mean()[i][0]) + Math.abs(std - direct.std()[i][0]));
        mse += (mean - measured[i]) * (mean - measured[i]) / 300;
      }
      assertEquals(0, worst, 1e-9, "predict gives the saved model's answers on the scan's own unit cube");
      for (int j = 0; j < 2; j++) {
        MlpSurrogate member = model.members().get(j);
        assertEquals(300, ((Number) member.provenance().get("rows")).intValue(), "the final model learned all 300 points");
        memberLoss[j] = ((Number) member.provenance().get("final_loss")).doubleValue();
      }
    }
    // the networks learn O standardized by the training rows' mean and (population) std, with
    // an MSE loss: the loss each reported in its last epoch is on that scale. The ensemble's
    // mean is at least as close to the rows as its members on average (convexity), up to the
    // drift of Adam's last epoch, and not much closer on a fit this coarse. Measured: 0.99.
    double standardized = mse / varO;
    double lossMean = (memberLoss[0] + memberLoss[1]) / 2;
    System.out.printf(Locale.ROOT, "predict: largest difference from the model called directly %.3g;"
        + " training-set MSE %.4g (RMSE %.3g in O, std of O %.3g), standardized %.4f;"
        + " members' final training losses %.4f, %.4f%n", worst, mse, Math.sqrt(mse), Math.sqrt(varO), standardized, memberLoss[0], memberLoss[1]);
    assertTrue(standardized < 1.15 * lossMean && standardized > 0.7 * lossMean,
        "standardized training MSE " + standardized + " against the members' final losses " + Arrays.toString(memberLoss));

    // the same predictions in batches of 7 rows
    Path small = dir.resolve("small-batches.csv");
    TestScans.Cli b = TestScans.cli("predict", out, "--input", points.toString(), "--out", small.toString(), "--batch", "7");
    assertEquals(0, b.code(), b.err());
    List<String[]> batched = csv(small);
    double drift = 0;
    for (int i = 1; i < table.size(); i++) {
      for (int j = 2; j < 4; j++) {
        double a = Double.parseDouble(table.get(i)[j]);
        drift = Math.max(drift, Math.abs(a - Double.parseDouble(batched.get(i)[j])) / (1 + Math.abs(a)));
      }
    }
    System.out.printf(Locale.ROOT, "predict: batches of 7 against one batch: largest relative difference %.3g%n", drift);
    assertTrue(drift < 1e-4, "batches of 7 rows predict what one batch does (float32 networks): " + drift);

    // columns in another order, after a spreadsheet's byte-order mark, and the model named
    Path swapped = Files.writeString(dir.resolve("swapped.csv"), "\uFEFFx2,x1\n" + table.get(1)[1] + "," + table.get(1)[0] + "\n");
    TestScans.Cli s = TestScans.cli("predict", out, "--input", swapped.toString(), "--model", "regressor");
    assertEquals(0, s.code(), s.err());
    assertEquals("x2,x1,regressor.O,regressor.O.std", s.out().lines().findFirst().orElseThrow());
    assertEquals(Double.parseDouble(table.get(1)[2]), Double.parseDouble(s.out().lines().skip(1).findFirst().orElseThrow().split(",")[2]),
        1e-5 * (1 + Math.abs(Double.parseDouble(table.get(1)[2]))));

    // malformed inputs: one line each, exit 2, nothing written
    String expected = "predict takes exactly the scan's free parameters x1, x2, one column each, in physical units";
    refused(out, "x1\n3.0\n", "lacks column x2; " + expected);
    refused(out, "x1,x2,O\n3.0,4.0,100\n", "has column O that the models do not take; " + expected
        + " (fixed and derived parameters and observables are no inputs)");
    refused(out, "x1,y,z\n3.0,4.0,5\n", "lacks column x2 and has columns y, z that the models do not take; " + expected
        + " (fixed and derived parameters and observables are no inputs)");
    refused(out, "x1,x2\n3.0,4.0\n5.0,abc\n", "row 2, column x2: 'abc' is not a finite number");
    refused(out, "x1,x2\n3.0,4.0\n5.0\n", "row 2 has 1 cells, the header names 2 columns");
    TestScans.Cli m = TestScans.cli("predict", out, "--input", points.toString(), "--model", "classifier");
    assertEquals(2, m.code(), m.err());
    assertEquals(List.of("hepscan: no model 'classifier' in " + out + "; saved: regressor"), m.err().lines().toList());
  }

  private void refused(String out, String text, String message) throws Exception {
    Path input = Files.writeString(dir.resolve("bad.csv"), text);
    Path target = dir.resolve("bad-predictions.csv");
    TestScans.Cli r = TestScans.cli("predict", out, "--input", input.toString(), "--out", target.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals(List.of("hepscan: " + input + (message.startsWith("row") ? ": " : " ") + message), r.err().lines().toList());
    assertTrue(Files.notExists(target) && Files.notExists(dir.resolve(".bad-predictions.csv.partial")), "nothing written");
  }
}
