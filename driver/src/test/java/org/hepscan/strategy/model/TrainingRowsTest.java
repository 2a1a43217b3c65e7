package org.hepscan.strategy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;

/** A classifier's training set is never made of failures alone: they say the program broke, not where the target is. */
class TrainingRowsTest {
  private final ParameterSpace space = new ParameterSpace(List.of(Parameter.continuous("x", 0, 1, Parameter.Scale.LINEAR)));

  private static Point p(long id) {
    return new Point(id, 1, "random", new double[] {id / 10.0});
  }

  @Test
  void rowsThatAreAllFailedOrTimedOutAreNoTrainingSet() {
    List<Evaluation> broken = List.of(Evaluation.failed(p(1), "exit 127"), Evaluation.timeout(p(2), "no answer"));
    assertNull(TrainingRows.labelled(space, broken, Evaluation::inTarget));
    assertNull(TrainingRows.labelled(space, List.of(), Evaluation::inTarget));

    // one answer among them, even INVALID, makes it a training set again, failures included as before
    List<Evaluation> mixed = List.of(Evaluation.failed(p(1), "exit 127"), Evaluation.invalid(p(2), "tachyon"));
    assertNotNull(TrainingRows.labelled(space, mixed, Evaluation::inTarget));
    assertEquals(2, TrainingRows.labelled(space, mixed, Evaluation::inTarget).size());
  }
}
