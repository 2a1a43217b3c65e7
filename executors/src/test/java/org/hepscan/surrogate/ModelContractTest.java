package org.hepscan.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hepscan.surrogate.family.Models;
import org.hepscan.surrogate.family.SurrogateFamily;
import org.junit.jupiter.api.Test;

/** The model contract without training: predictions with members, training sets for densities and weights, the families found. */
class ModelContractTest {

  @Test
  void predictionsGiveColumnsStdsAndMembers() {
    double[][][] members = {{{1, 10}, {2, 20}}, {{3, 30}, {4, 40}}};
    Prediction p = new Prediction(new double[][] {{2, 20}, {3, 30}}, new double[][] {{1.4, 14}, {1.4, 14}}, members);
    assertEquals(2, p.size());
    assertEquals(2, p.outputs());
    assertArrayEquals(new double[] {20, 30}, p.column(1));
    assertArrayEquals(new double[] {14, 14}, p.std(1));
    assertEquals(2, p.memberCount());
    assertArrayEquals(new double[] {3, 4}, p.member(1, 0));
    Prediction plain = new Prediction(new double[][] {{1}}, null);
    assertNull(plain.members());
    assertFalse(plain.hasStd());
    assertThrows(IllegalStateException.class, () -> plain.std(0));
    assertThrows(IllegalStateException.class, () -> plain.member(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Prediction(new double[][] {{1}}, null, new double[][][] {{{1}, {2}}}));
  }

  @Test
  void densitySetsHaveNoTargetsAndCheckedWeights() {
    double[][] x = {{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}};
    TrainingSet d = TrainingSet.density(x, null);
    assertEquals(Task.DENSITY, d.task());
    assertEquals(0, d.outputs());
    assertNull(d.y());
    assertEquals(1, d.weight(2));
    assertEquals(Task.DENSITY, new TrainingSet(x, new double[3][0], Task.DENSITY).task());
    assertThrows(IllegalArgumentException.class, () -> new TrainingSet(x, new double[][] {{1}, {2}, {3}}, Task.DENSITY));
    TrainingSet w = TrainingSet.density(x, new double[] {0, 2, 1});
    assertTrue(w.weighted());
    assertEquals(2, w.weight(1));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingSet.density(x, new double[] {1, -1, 1}))
        .getMessage().contains("row 1"));
    assertThrows(IllegalArgumentException.class, () -> TrainingSet.density(x, new double[] {1, Double.NaN, 1}));
    assertThrows(IllegalArgumentException.class, () -> TrainingSet.density(x, new double[] {1, 1}));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingSet.density(x, new double[] {0, 0, 0}))
        .getMessage().contains("every weight is 0"));
    // the targets' tasks keep their rules; weights are allowed there too
    assertThrows(IllegalArgumentException.class, () -> new TrainingSet(x, null, Task.REGRESSION));
    assertEquals(1, TrainingSet.of(x, new double[] {1, 0, 1}, Task.CLASSIFICATION).outputs());
    assertEquals(3, new TrainingSet(x, new double[][] {{1}, {2}, {3}}, Task.REGRESSION, new double[] {1, 2, 3}).weights().length);

    // as a training job broadcasts them: every kind comes back the same
    for (TrainingSet t : List.of(w, d, new TrainingSet(x, new double[][] {{1, 4}, {2, 5}, {3, 6}}, Task.REGRESSION, new double[] {1, 2, 3}),
        TrainingSet.of(x, new double[] {1, 0, 1}, Task.CLASSIFICATION))) {
      TrainingSet back = TrainingSet.fromBytes(t.toBytes());
      assertEquals(t.task(), back.task());
      assertTrue(java.util.Arrays.deepEquals(t.x(), back.x()));
      assertTrue(java.util.Arrays.deepEquals(t.y(), back.y()));
      assertTrue(java.util.Arrays.equals(t.weights(), back.weights()));
    }
  }

  @Test
  void familiesAreFoundByTheServiceLoader() {
    assertEquals(List.of("mlp", "random-forest", "gbt", "flow", "bnn"), Models.types());
    assertEquals(Models.types(), SurrogateCatalog.TYPES);
    assertTrue(Models.family("mlp") instanceof MlpFamily);
    assertTrue(Models.family("gbt") instanceof ForestFamily.Gbt);
    for (SurrogateFamily f : Models.families()) {
      assertFalse(f.description().isBlank(), f.type());
    }
    assertTrue(Models.family("bnn") instanceof org.hepscan.surrogate.bnn.BnnFamily);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Models.family("gp")).getMessage()
        .contains("known: mlp, random-forest, gbt, flow, bnn"));
    assertThrows(IllegalArgumentException.class, () -> Models.load(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
  }

  @Test
  void builderValuesAreCheckedByTheSameDeclarationsAsYaml() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MlpSpec.builder(Task.REGRESSION).epochs(0).build());
    assertTrue(e.getMessage().startsWith("epochs: "), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MlpSpec.builder(Task.REGRESSION).loss("bce").build())
        .getMessage().startsWith("loss: bce (binary cross-entropy) is for classifiers"));
    assertThrows(IllegalArgumentException.class, () -> MlpSpec.builder(Task.REGRESSION).hidden().build());
    assertThrows(IllegalArgumentException.class, () -> MlpSpec.builder(Task.DENSITY).build());
    MlpSpec s = MlpSpec.builder(Task.CLASSIFICATION).hidden(7, 5).build();
    assertEquals(s, s.toBuilder().build());
    assertEquals(List.of("type", "task", "hidden", "activation", "dropout", "batch_norm", "output", "loss", "learning_rate",
        "beta1", "beta2", "epochs", "batch_size", "min_steps", "max_steps", "standardize", "ensemble", "device"),
        List.copyOf(s.describe().keySet()));
    assertEquals(MlpCodec.spec(s.describe()), s, "a description reads back as the spec");
  }

  @Test
  void stepFloorAndCapSetTheEpochsOfATraining() {
    // auto batch: 128 rows per step above 1024 rows, so 100,000 rows are 782 steps an epoch
    MlpSpec capped = MlpSpec.builder(Task.REGRESSION).maxSteps(50_000).build();
    assertEquals(63, capped.epochsFor(100_000, 1000), "50,000 steps / 782 per epoch");
    assertEquals(1, capped.epochsFor(10_000_000, 1000), "never below one epoch");
    assertEquals(1000, capped.epochsFor(1000, 1000), "8 steps an epoch: 8,000 steps, under the cap");
    MlpSpec both = MlpSpec.builder(Task.REGRESSION).minSteps(1000).maxSteps(50_000).build();
    assertEquals(250, both.epochsFor(100, 10), "the floor: 4 steps of 32 rows an epoch on 100 rows, 1,000 steps");
    assertEquals(1000, MlpSpec.builder(Task.REGRESSION).build().epochsFor(100_000, 1000), "no cap by default");
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> MlpSpec.builder(Task.REGRESSION).minSteps(2000).maxSteps(1000).build())
        .getMessage().contains("max_steps (1000) is below min_steps (2000)"));
  }
}
