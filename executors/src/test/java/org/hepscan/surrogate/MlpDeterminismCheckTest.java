package org.hepscan.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fingerprint of what the MLP family computes for fixed seeds on fixed data, on local
 * Spark as a scan trains: a regressor (two outputs, standardized), the same regressor
 * continued by a warm start, a 3-member ensemble, a classifier and a network with dropout
 * and batch norm. It hashes the weights of every network and the predictions and gradients
 * on fixed points, so that a refactoring of the training code can show that it changed no
 * number: a scan's Parquet rows follow from these.
 *
 * <p>The hash depends on the processor's float arithmetic, so it is printed, and compared
 * only when {@code -Dhepscan.mlp.determinism.sha256=...} names the one to expect.
 */
class MlpDeterminismCheckTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("MlpDeterminismCheckTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static MlpSpec.Builder small(Task task) {
    return MlpSpec.builder(task).hidden(16, 16).batchSize(32).learningRate(0.01).epochs(25).device("cpu");
  }

  @Test
  void fixedSeedsGiveTheRecordedNumbers() throws Exception {
    double[][] x = MlpSurrogateTest.cube(150, 3, 11);
    double[][] y = new double[x.length][];
    double[] label = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = new double[] {MlpSurrogateTest.BOWL.applyAsDouble(x[i]), 10 * Math.sin(3 * x[i][2]) - 5 * x[i][1]};
      label[i] = x[i][0] + x[i][1] > 1 ? 1 : 0;
    }
    TrainingSet regression = new TrainingSet(x, y, Task.REGRESSION);
    TrainingSet classification = TrainingSet.of(x, label, Task.CLASSIFICATION);
    double[][] probe = MlpSurrogateTest.cube(64, 3, 12);

    MessageDigest all = MessageDigest.getInstance("SHA-256");
    StringBuilder parts = new StringBuilder();
    List<Object[]> cases = List.of(
        new Object[] {"mlp", small(Task.REGRESSION).build(), regression},
        new Object[] {"ensemble", small(Task.REGRESSION).ensemble(3).build(), regression},
        new Object[] {"classifier", small(Task.CLASSIFICATION).build(), classification},
        new Object[] {"dropout-bn", small(Task.REGRESSION).dropout(0.1).batchNorm(true).build(), regression});
    for (Object[] c : cases) {
      MlpSpec spec = (MlpSpec) c[1];
      TrainingSet data = (TrainingSet) c[2];
      try (Surrogate m = spec.fit(spark, data, 20240607L, null, 0)) {
        String h = fingerprint(m, probe);
        parts.append(c[0]).append('=').append(h, 0, 16).append(' ');
        all.update(h.getBytes());
        if (c[0].equals("mlp")) {
          try (Surrogate warm = spec.fit(spark, data, 99L, m, 7)) {
            String hw = fingerprint(warm, probe);
            parts.append("warm=").append(hw, 0, 16).append(' ');
            all.update(hw.getBytes());
          }
        }
      }
    }
    String total = HexFormat.of().formatHex(all.digest());
    System.out.println("MLP determinism: " + parts + "total=" + total);
    String expected = System.getProperty("hepscan.mlp.determinism.sha256");
    if (expected != null && !expected.isBlank()) {
      assertEquals(expected, total, parts.toString());
    }
  }

  /** SHA-256 of every member's weights, the predictions (mean and std) and the gradients on {@code probe}. */
  static String fingerprint(Surrogate m, double[][] probe) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    List<MlpSurrogate> members = m instanceof MlpEnsemble e ? e.members() : List.of((MlpSurrogate) m);
    for (MlpSurrogate member : members) {
      md.update(member.parameterBytes());
      for (double[] s : member.scaling()) {
        update(md, s);
      }
    }
    Prediction p = m.predict(probe);
    for (double[] r : p.mean()) {
      update(md, r);
    }
    if (p.std() != null) {
      for (double[] r : p.std()) {
        update(md, r);
      }
    }
    for (int o = 0; o < m.outputs(); o++) {
      for (double[] r : m.gradient(probe, o)) {
        update(md, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void update(MessageDigest md, double[] a) {
    if (a == null) {
      md.update((byte) 0);
      return;
    }
    ByteBuffer b = ByteBuffer.allocate(8 * a.length);
    for (double v : a) {
      b.putDouble(v);
    }
    md.update(b.array());
  }
}
