package org.hepscan.strategy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.config.Options;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.hepscan.strategy.api.ScanContext;
import org.hepscan.surrogate.MlpSpec;
import org.hepscan.surrogate.Surrogate;
import org.hepscan.surrogate.Task;
import org.hepscan.surrogate.TrainingSet;
import org.hepscan.training.TrainingSpec;
import org.junit.jupiter.api.Test;

/**
 * A real network trained through the bank on a history longer than its {@code max_rows}:
 * it trains on max_rows weighted rows (its provenance says so) and still learns the region,
 * whose rows are 5 % of the history.
 */
class ModelBankBudgetTest {
  private static final ParameterSpace SPACE = new ParameterSpace(List.of(
      Parameter.continuous("a", 0, 1, Parameter.Scale.LINEAR), Parameter.continuous("b", 0, 1, Parameter.Scale.LINEAR)));

  /** In target: a disc of area 0.05 around (0.3, 0.6). */
  private static boolean inside(double[] x) {
    double dx = x[0] - 0.3;
    double dy = x[1] - 0.6;
    return dx * dx + dy * dy < 0.05 / Math.PI;
  }

  private static TrainingSet history(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {r.nextDouble(), r.nextDouble()};
      y[i] = inside(x[i]) ? 1 : 0;
    }
    return TrainingSet.of(x, y, Task.CLASSIFICATION);
  }

  @Test
  void aHistoryAboveMaxRowsTrainsOnAWeightedSampleThatStillFindsTheRegion() {
    TrainingSpec training = TrainingSpec.parse(Options.of("strategy.training", Map.of("max_rows", 1000)));
    MlpSpec spec = MlpSpec.builder(Task.CLASSIFICATION).hidden(32, 32).epochs(150).training(training).build();
    ModelBank bank = new ModelBank(SPACE, Integer.MAX_VALUE).declare("classifier", spec);
    bank.start(new ScanContext(null, SPACE, null, 1));
    Surrogate model = bank.fit("classifier", history(6000, 1), new SplittableRandom(2), false, 0);
    assertEquals(1000, ((Number) model.provenance().get("rows")).intValue(), model.provenance().toString());

    TrainingSet test = history(4000, 3);
    double[][] p = model.predict(test.x()).mean();
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < test.size(); i++) {
      boolean said = p[i][0] > 0.5;
      boolean truth = test.y()[i][0] > 0.5;
      tp += said && truth ? 1 : 0;
      fp += said && !truth ? 1 : 0;
      fn += !said && truth ? 1 : 0;
    }
    double f1 = 2.0 * tp / (2.0 * tp + fp + fn);
    assertTrue(f1 > 0.85, "f1 " + f1 + " (tp " + tp + ", fp " + fp + ", fn " + fn + ")");
    // The weights keep the classes at their share of the history. Without them the sample,
    // 30 % in target where the history is 5 %, made this network call 30 % more of the
    // plane inside than is (f1 0.87, 60 false positives against 13).
    double called = tp + fp;
    double truth = tp + fn;
    assertEquals(1, called / truth, 0.15, "predicted in target " + called + ", in target " + truth);
  }
}
