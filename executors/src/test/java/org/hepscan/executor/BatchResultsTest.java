package org.hepscan.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.junit.jupiter.api.Test;

/** The driver keeps exactly one evaluation per point of a batch, the first that came back. */
class BatchResultsTest {
  private static Point point(long id) {
    return new Point(id, 3, "random", new double[] {id / 10.0});
  }

  private static Evaluation answer(long id, double o, String executor) {
    return Evaluation.ok(point(id), Map.of("O", o)).withRun(0.1, executor);
  }

  @Test
  void aPointThatCameBackTwiceKeepsItsFirstAnswerAndTheRestAreOrderedById() {
    List<Point> batch = List.of(point(7), point(5), point(6));
    List<Evaluation> kept = BatchResults.onePerPoint(batch, List.of(
        answer(6, 1.0, "1"), answer(7, 2.0, "2"), answer(6, 99.0, "3"), answer(5, 3.0, "1")));
    assertEquals(List.of(5L, 6L, 7L), kept.stream().map(Evaluation::id).toList());
    assertEquals(1.0, kept.get(1).observable("O"), "the first answer for point 6 wins");
    assertEquals("1", kept.get(1).executor());
  }

  @Test
  void aPointWithoutAnswerStopsTheScanNamingIt() {
    List<Point> batch = List.of(point(1), point(2), point(3));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> BatchResults.onePerPoint(batch, List.of(answer(1, 0, "0"), answer(1, 0, "1"), answer(3, 0, "0"))));
    assertTrue(e.getMessage().contains("no evaluation for 1 of 3 points: ids [2]"), e.getMessage());
  }

  @Test
  void anAnswerForAPointNotAskedForIsABug() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> BatchResults.onePerPoint(List.of(point(1)), List.of(answer(1, 0, "0"), answer(9, 0, "0"))));
    assertTrue(e.getMessage().contains("not in the batch: ids [9]"), e.getMessage());
  }

  @Test
  void anEmptyBatchIsEmpty() {
    assertEquals(List.of(), BatchResults.onePerPoint(List.of(), List.of()));
  }
}
