package org.hepscan.strategy.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.hepscan.space.Parameter;
import org.hepscan.space.ParameterSpace;
import org.junit.jupiter.api.Test;

/** The history keeps its rows as columns: what comes back is what went in, field for field, and views cost nothing. */
class HistoryTest {
  private static final ParameterSpace SPACE = new ParameterSpace(List.of(
      Parameter.continuous("m0", 100, 4000, Parameter.Scale.LINEAR),
      Parameter.continuous("tanb", 2, 60, Parameter.Scale.LOG),
      Parameter.continuous("a0", -3000, 3000, Parameter.Scale.LINEAR)));

  /** A row as an executor sends it back: fresh strings, every status, NaN and infinite numbers among them. */
  private static Evaluation row(long id, int iteration, SplittableRandom rng) {
    double[] x = {100 + 3900 * rng.nextDouble(), 2 + 58 * rng.nextDouble(), -3000 + 6000 * rng.nextDouble()};
    Status status = Status.values()[rng.nextInt(Status.values().length)];
    Map<String, Double> obs = new LinkedHashMap<>();
    obs.put(new String("mh"), status == Status.OK ? 120 + 10 * rng.nextDouble() : Double.NaN);
    obs.put(new String("omega"), rng.nextDouble() < 0.1 ? Double.POSITIVE_INFINITY : rng.nextDouble());
    // a few repeated reasons, and reasons with the point's numbers in them, each its own
    String message = status == Status.OK ? "" : rng.nextBoolean() ? new String("softpoint.x exited " + rng.nextInt(3))
        : String.format(java.util.Locale.ROOT, "h0 tachyon (mh^2 = %.6g GeV^2) \u00e9", -1e4 * rng.nextDouble());
    double loglike = rng.nextDouble() < 0.2 ? Double.NEGATIVE_INFINITY : -rng.nextDouble() * 10;
    return Evaluation.of(new Point(id, iteration, new String(rng.nextBoolean() ? "dnnc" : "random"), x), status, obs, message,
        rng.nextDouble(), new String("exec-" + rng.nextInt(4)), loglike, rng.nextDouble() < 0.3);
  }

  private static void assertSame(Evaluation want, Evaluation got) {
    assertEquals(want.id(), got.id());
    assertEquals(want.point().iteration(), got.point().iteration());
    assertEquals(want.point().origin(), got.point().origin());
    assertArrayEquals(want.point().values(), got.point().values());
    assertEquals(want.status(), got.status());
    assertEquals(List.copyOf(want.observables().keySet()), List.copyOf(got.observables().keySet()));
    assertEquals(List.copyOf(want.observables().values()), List.copyOf(got.observables().values()));
    assertEquals(want.message(), got.message());
    assertEquals(Double.doubleToRawLongBits(want.seconds()), Double.doubleToRawLongBits(got.seconds()));
    assertEquals(want.executor(), got.executor());
    assertEquals(Double.doubleToRawLongBits(want.loglike()), Double.doubleToRawLongBits(got.loglike()));
    assertEquals(want.inTarget(), got.inTarget());
  }

  @Test
  void rowsComeBackAsTheyWentInAcrossChunksAndIterations() {
    History h = new History(SPACE);
    Added a = fill(h);
    assertEquals(0, h.spilledChunks(), "the default budget holds a small scan in memory");
    check(h, a);
  }

  /** With no heap to spare every full chunk but the newest goes to disk, and every row still comes back. */
  @Test
  void rowsWrittenToDiskComeBackAsTheyWentIn() {
    History h = new History(SPACE, 0);
    Added a = fill(h);
    h.awaitWrites(); // read back from the file
    org.junit.jupiter.api.Assertions.assertTrue(h.spilledChunks() >= 1, h.spilledChunks() + " chunks on disk");
    check(h, a);
  }

  /** Rows whose write to disk has not run yet come back too, from the copy that waits for the disk; then from the file. */
  @Test
  void rowsOnTheirWayToDiskComeBackAsTheyWentIn() throws Exception {
    java.util.concurrent.CountDownLatch disk = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.Future<?> stalled = EvaluationColumns.onWriter(() -> {
      try {
        disk.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    History h = new History(SPACE, 0);
    try {
      Added a = fill(h);
      org.junit.jupiter.api.Assertions.assertTrue(h.spilledChunks() >= 1, h.spilledChunks() + " chunks spilled");
      check(h, a); // no write has run: every spilled row comes from memory
    } finally {
      disk.countDown();
    }
    stalled.get();
    h.awaitWrites();
  }

  @Test
  void aDiskThatCannotTakeTheRowsIsNamedWithWhatToDo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String tmp = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", dir.resolve("gone").toString());
    try {
      History h = new History(SPACE, 0);
      SplittableRandom rng = new SplittableRandom(1);
      List<Evaluation> batch = new ArrayList<>();
      for (int i = 0; i < 40_000; i++) {
        batch.add(row(i + 1, 1, rng));
      }
      java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> h.add(1, batch));
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("could not create a file in " + dir.resolve("gone"))
          && e.getMessage().contains("-Djava.io.tmpdir=") && e.getMessage().contains("-Dhepscan.history.memory=MiB"), e.getMessage());
    } finally {
      System.setProperty("java.io.tmpdir", tmp);
    }
  }

  /** What {@link #fill} added: the start rows and four iterations, the last two rows unlike the others. */
  private record Added(List<Evaluation> start, List<List<Evaluation>> its) {
  }

  private static Added fill(History h) {
    SplittableRandom rng = new SplittableRandom(7);
    List<Evaluation> start = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      start.add(row(i + 1, 0, rng));
    }
    h.addStart(start);
    List<List<Evaluation>> its = new ArrayList<>();
    long id = 6;
    // 3 iterations across a chunk boundary (chunks of 16384 rows)
    for (int k = 1; k <= 3; k++) {
      List<Evaluation> batch = new ArrayList<>();
      for (int i = 0; i < 9000; i++) {
        batch.add(row(id++, k, rng));
      }
      h.add(k, batch);
      its.add(batch);
    }
    // a row another stage gave other observables, and one of another dimension: kept as they came
    Evaluation other = Evaluation.of(new Point(id++, 4, "dnnc", new double[] {200, 10, 0}), Status.FAILED, Map.of("chi2", 3.0), "x", 1, "e", -1, false);
    Evaluation wide = Evaluation.of(new Point(id++, 4, "dnnc", new double[] {200, 10, 0, 5}), Status.OK, Map.of("mh", 125.0, "omega", 0.1), "", 1, "e", -1, true);
    h.add(4, List.of(other, wide));
    its.add(List.of(other, wide));
    return new Added(start, its);
  }

  private static void check(History h, Added a) {
    List<Evaluation> start = a.start();
    List<List<Evaluation>> its = a.its();
    Evaluation wide = its.get(3).get(1);
    assertEquals(2, h.keptAsObjects(), "only the two rows unlike the first");
    assertEquals(4, h.iterations());
    assertEquals(27002, h.size());
    assertEquals(27007, h.all().size());
    for (int i = 0; i < start.size(); i++) {
      assertSame(start.get(i), h.start().get(i));
      assertSame(start.get(i), h.all().get(i));
    }
    int row = start.size();
    for (int k = 1; k <= 4; k++) {
      List<Evaluation> want = its.get(k - 1);
      List<Evaluation> got = h.iteration(k);
      assertEquals(want.size(), got.size());
      for (int i = 0; i < want.size(); i++, row++) {
        assertSame(want.get(i), got.get(i));
        assertSame(want.get(i), h.all().get(row));
        assertEquals(want.get(i).inTarget(), h.isInTarget(row));
        assertEquals(want.get(i).status(), h.status(row));
        assertEquals(Double.doubleToRawLongBits(want.get(i).loglike()), Double.doubleToRawLongBits(h.loglike(row)));
        if (want.get(i) != wide) {
          assertArrayEquals(h.unit(want.get(i)), h.unit(row));
        }
      }
    }
    assertSame(wide, h.latest().get(1));
    assertThrows(IndexOutOfBoundsException.class, () -> h.all().get(27007));
    assertThrows(IndexOutOfBoundsException.class, () -> h.unit(27007));

    long in = its.stream().flatMap(List::stream).filter(Evaluation::inTarget).count();
    assertEquals(in, h.inTarget());
    assertEquals(start.stream().filter(Evaluation::inTarget).count(), h.startInTarget());
    for (Status s : Status.values()) {
      assertEquals(its.stream().flatMap(List::stream).filter(e -> e.status() == s).count(), h.byStatus().get(s));
    }
    double[][] inside = h.inTargetUnits();
    List<Evaluation> all = h.all();
    double[][] want = all.stream().filter(Evaluation::inTarget).map(h::unit).toArray(double[][]::new);
    assertEquals(want.length, inside.length);
    for (int i = 0; i < want.length; i++) {
      assertArrayEquals(want[i], inside[i]);
    }
  }

  /** A point holds every parameter of the spec, derived ones too: more values than the space's free dimensions. */
  @Test
  void pointsWithDerivedParametersAreKeptAsColumns() {
    SplittableRandom rng = new SplittableRandom(5);
    History h = new History(SPACE);
    List<Evaluation> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Evaluation e = row(i + 1, 1, rng);
      double[] x = e.point().values();
      double[] withDerived = {x[0], x[1], x[2], x[0] * x[2]};
      batch.add(Evaluation.of(new Point(e.id(), 1, e.point().origin(), withDerived), e.status(), e.observables(), e.message(),
          e.seconds(), e.executor(), e.loglike(), e.inTarget()));
    }
    h.add(1, batch);
    assertEquals(0, h.keptAsObjects());
    for (int i = 0; i < 100; i++) {
      assertSame(batch.get(i), h.all().get(i));
    }
  }

  @Test
  void aViewOfTheFirstIterationsSeesOnlyThemAndStaysSoAsTheScanGoesOn() {
    SplittableRandom rng = new SplittableRandom(3);
    History h = new History(SPACE);
    long id = 1;
    List<Evaluation> first = new ArrayList<>();
    for (int k = 1; k <= 2; k++) {
      List<Evaluation> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        batch.add(row(id++, k, rng));
      }
      h.add(k, batch);
      if (k == 1) {
        first = batch;
      }
    }
    History v = h.upTo(1);
    History none = h.upTo(0);
    for (int k = 3; k <= 4; k++) {
      List<Evaluation> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        batch.add(row(id++, k, rng));
      }
      h.add(k, batch);
    }
    assertEquals(1, v.iterations());
    assertEquals(50, v.size());
    assertEquals(50, v.all().size());
    assertEquals(first.stream().filter(Evaluation::inTarget).count(), v.inTarget());
    assertEquals((double) v.inTarget() / 50, v.efficiency());
    for (Status s : Status.values()) {
      long n = first.stream().filter(e -> e.status() == s).count();
      assertEquals(n, v.byStatus().get(s));
    }
    for (int i = 0; i < 50; i++) {
      assertSame(first.get(i), v.all().get(i));
    }
    assertSame(first.get(49), v.latest().get(49));
    assertThrows(IndexOutOfBoundsException.class, () -> v.iteration(2));
    assertThrows(IndexOutOfBoundsException.class, () -> v.unit(50));
    assertThrows(IllegalStateException.class, () -> v.add(2, List.of()));
    assertEquals(0, none.iterations());
    assertEquals(0, none.size());
    assertEquals(List.of(), none.latest());
    assertEquals(true, none.isEmpty());
    assertEquals(4, h.iterations());
    assertEquals(200, h.size());
    assertEquals(2, h.upTo(4).upTo(2).iterations());
  }
}
