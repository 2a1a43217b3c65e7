package org.hepscan.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.hepscan.config.Options;
import org.hepscan.surrogate.family.ModelEnvelope;
import org.hepscan.surrogate.family.Models;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every family's model in the one envelope, read back by the one loader with nothing but
 * its bytes; and the files older scans saved ({@code legacy-models/}, written by hepscan
 * before the envelope) still load and predict what they predicted then.
 */
class ModelEnvelopeTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("ModelEnvelopeTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static final double[][] X = MlpSurrogateTest.cube(120, 2, 5);
  private static final double[][] PROBE = MlpSurrogateTest.cube(16, 2, 6);

  private static void roundTrip(Surrogate m, String type) {
    byte[] bytes = m.toBytes();
    ModelEnvelope env = ModelEnvelope.read(bytes);
    assertEquals(type, env.type());
    assertEquals(type, env.parameters().get("type"));
    assertEquals(m.provenance().get("rows"), env.provenance().get("rows"));
    try (Surrogate back = Models.load(bytes); Surrogate viaCatalog = SurrogateCatalog.load(type, bytes)) {
      assertEquals(m.getClass(), back.getClass());
      assertEquals(m.provenance(), back.provenance());
      Prediction a = m.predict(PROBE);
      Prediction b = back.predict(PROBE);
      for (int i = 0; i < PROBE.length; i++) {
        assertArrayEquals(a.mean()[i], b.mean()[i], 0.0);
        assertArrayEquals(a.mean()[i], viaCatalog.predict(PROBE).mean()[i], 0.0);
        if (a.std() != null) {
          assertArrayEquals(a.std()[i], b.std()[i], 0.0);
        }
      }
      ModelEnvelope again = ModelEnvelope.read(back.toBytes());
      assertEquals(env.parameters(), again.parameters(), "a loaded model writes the same parameters");
      assertEquals(env.provenance(), again.provenance(), "a loaded model writes the same provenance");
      if (type.equals("mlp")) {
        // (a forest's payload is Java serialization of MLlib models, whose lazily computed fields may differ once used)
        assertArrayEquals(env.payload(), again.payload(), "a loaded network writes the same weights and scaling");
      }
    }
    String other = type.equals("mlp") ? "gbt" : "mlp";
    assertThrows(IllegalArgumentException.class, () -> SurrogateCatalog.load(other, bytes));
  }

  @Test
  void everyFamilyTravelsInTheEnvelope() {
    double[] y = MlpSurrogateTest.apply(X, MlpSurrogateTest.BOWL);
    double[] label = MlpSurrogateTest.apply(X, p -> p[0] > p[1] ? 1 : 0);
    MlpSpec net = MlpSpec.builder(Task.REGRESSION).hidden(8).epochs(3).device("cpu").build();
    try (MlpSurrogate m = net.train(TrainingSet.of(X, y, Task.REGRESSION), 1, null, 0)) {
      roundTrip(m, "mlp");
      assertEquals(m.spec(), MlpSurrogate.fromBytes(m.toBytes()).spec());
    }
    MlpSpec ens = MlpSpec.builder(Task.CLASSIFICATION).hidden(8).epochs(3).ensemble(3).device("cpu").build();
    try (Surrogate e = ens.fit(spark, TrainingSet.of(X, label, Task.CLASSIFICATION), 2, null, 0)) {
      assertTrue(e instanceof MlpEnsemble);
      assertTrue(e instanceof Differentiable);
      Prediction p = e.predict(PROBE);
      assertEquals(3, p.memberCount());
      assertArrayEquals(((MlpEnsemble) e).members().get(2).predict(PROBE).column(0), p.member(2, 0), 0.0);
      roundTrip(e, "mlp");
      assertThrows(IllegalArgumentException.class, () -> MlpSurrogate.fromBytes(e.toBytes()));
    }
    for (String type : List.of("random-forest", "gbt")) {
      SurrogateSpec spec = SurrogateCatalog.parse(Options.of("m", Map.of("type", type, "trees", 3, "max_depth", 3)),
          Task.REGRESSION);
      try (Surrogate f = spec.fit(spark, TrainingSet.of(X, y, Task.REGRESSION), 3, null, 0)) {
        assertFalse(f instanceof Differentiable);
        roundTrip(f, type);
        try (Surrogate back = spec.load(f.toBytes())) {
          assertEquals(type, back.type());
        }
      }
    }
  }

  @Test
  void modelsSavedBeforeTheEnvelopeStillLoadAndPredictAsThen() throws IOException {
    for (String name : List.of("mlp", "mlp-ensemble", "random-forest", "gbt")) {
      byte[] bytes = resource(name + ".bin");
      assertFalse(ModelEnvelope.isEnvelope(bytes));
      String[] lines = new String(resource(name + ".expected"), StandardCharsets.US_ASCII).split("\n");
      String type = name.startsWith("mlp") ? "mlp" : name;
      try (Surrogate m = Models.load(bytes); Surrogate c = SurrogateCatalog.load(type, bytes)) {
        assertEquals(type, m.type(), name);
        assertEquals(c.getClass(), m.getClass());
        for (String line : lines) {
          String[] f = line.split(" ");
          double[][] x = {{Double.parseDouble(f[0]), Double.parseDouble(f[1])}};
          Prediction p = m.predict(x);
          assertEquals(Double.parseDouble(f[2]), p.mean()[0][0], 0.0, name + " at " + line);
          if (f[3].equals("none")) {
            assertNull(p.std(), name);
          } else {
            assertEquals(Double.parseDouble(f[3]), p.std()[0][0], 0.0, name + " std at " + line);
          }
        }
        // re-saved, an old model is an envelope that reads back the same
        try (Surrogate again = Models.load(m.toBytes())) {
          assertArrayEquals(m.predict(PROBE).column(0), again.predict(PROBE).column(0), 0.0, name);
        }
      }
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ModelEnvelopeTest.class.getResourceAsStream("/legacy-models/" + name)) {
      return in.readAllBytes();
    }
  }
}
