package org.hepscan.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The observables of an evaluation, kept as arrays, read as the map the oracle gave. */
class EvaluationTest {
  private static Map<String, Double> obs() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("mh", 125.1);
    m.put("omega", Double.NaN);
    m.put("chi2", Double.POSITIVE_INFINITY);
    m.put("bsg", null); // a code that gave the name but no number
    return m;
  }

  @Test
  void theObservablesReadAsTheMapTheOracleGaveInItsOrder() {
    Evaluation e = Evaluation.ok(new Point(1, 1, "random", new double[] {1}), obs());
    assertEquals(List.of("mh", "omega", "chi2", "bsg"), List.copyOf(e.observables().keySet()));
    assertEquals(125.1, e.observable("mh"));
    assertTrue(Double.isNaN(e.observable("omega")));
    assertTrue(Double.isNaN(e.observable("bsg")), "no number is NaN");
    assertTrue(Double.isNaN(e.observable("absent")));
    assertNull(e.observables().get("absent"), "a name the oracle did not give is missing, not NaN");
    assertTrue(e.observables().containsKey("chi2"));
    assertFalse(e.observables().containsKey("absent"));
    assertEquals(Double.POSITIVE_INFINITY, e.observables().get("chi2"));
    Map<String, Double> same = new HashMap<>(obs());
    same.put("bsg", Double.NaN);
    assertEquals(same, e.observables(), "equal as maps to what was given");
    assertThrows(UnsupportedOperationException.class, () -> e.observables().put("x", 1.0));
    assertEquals(0, Evaluation.failed(new Point(2, 1, "random", new double[] {1}), "no").observables().size());
  }

  @Test
  void changedCopiesKeepTheObservablesAndCanReplaceThem() {
    Evaluation e = Evaluation.ok(new Point(1, 1, "random", new double[] {1}), obs()).withRun(0.5, "3").withTarget(-1.5, true);
    assertEquals(125.1, e.observable("mh"));
    assertEquals(0.5, e.seconds());
    assertEquals("3", e.executor());
    assertEquals(-1.5, e.loglike());
    assertTrue(e.inTarget());
    Evaluation changed = e.withOutcome(Status.FAILED, Map.of("mh", 1.0), "bad");
    assertEquals(Map.of("mh", 1.0), changed.observables());
    assertEquals(125.1, e.observable("mh"), "the original is unchanged");
  }

  @Test
  void javaSerializationKeepsEveryField() throws Exception {
    Evaluation e = Evaluation.of(new Point(7, 2, "dnnc", new double[] {1, 2}), Status.INVALID, obs(), "tachyon", 0.25, "exec-1", -3, false);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    Evaluation back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (Evaluation) in.readObject();
    }
    assertEquals(e.toString(), back.toString());
    assertEquals(e.observables(), back.observables());
    assertEquals(List.copyOf(e.observables().keySet()), List.copyOf(back.observables().keySet()));
    assertEquals("tachyon", back.message());
    assertEquals(-3, back.loglike());
  }
}
