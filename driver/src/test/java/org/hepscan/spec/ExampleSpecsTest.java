package org.hepscan.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.oracle.physics.TypeIIThdm;
import org.junit.jupiter.api.Test;

/** The specs in examples/ are what users copy first: each must be valid as it stands. */
class ExampleSpecsTest {

  private static Path examples() {
    return Path.of(System.getProperty("user.dir")).resolveSibling("examples");
  }

  @Test
  void everyExampleIsAValidSpec() throws IOException {
    List<Path> specs;
    try (Stream<Path> files = Files.list(examples())) {
      specs = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(specs.size() >= 7, "examples found: " + specs);
    List<String> broken = new ArrayList<>();
    for (Path f : specs) {
      try {
        SpecReader.read(f);
      } catch (SpecException e) {
        broken.add(e.getMessage());
      }
    }
    assertTrue(broken.isEmpty(), () -> String.join("\n", broken));
  }

  @Test
  void theTwoHiggsDoubletExampleHasReachableTargetPoints() throws Exception {
    ScanSpec spec = SpecReader.read(examples().resolve("2hdm-typeII.yaml"));
    assertEquals("thdm2", spec.oracle().name());
    assertEquals(TypeIIThdm.INPUTS, spec.space().names(), "thdm2 reads its inputs by position");
    // one of the in-target points a uniform sample of the box found (about 1 in 1.7 million)
    double[] in = {3.08995, 0.256074, 8.99339, -4.30999, -4.27614, 2586.08, 40.7814};
    for (double u : spec.space().toUnit(in)) {
      assertTrue(u >= 0 && u <= 1, "inside the spec's ranges");
    }
    Evaluation e = spec.target().apply(spec.oracle().factory().create().evaluate(new Point(1, 0, "test", in), null));
    assertEquals(Status.OK, e.status());
    assertTrue(e.inTarget(), e::toString);
    // the same point with lambda5 raised to -2 takes mHp below the B -> Xs gamma bound
    double[] out = in.clone();
    out[4] = -2;
    Evaluation o = spec.target().apply(spec.oracle().factory().create().evaluate(new Point(2, 0, "test", out), null));
    assertTrue(o.observable("mHp") < 570, o::toString);
    assertEquals(0.0, o.observable("bsg"));
    assertFalse(o.inTarget());
  }
}
