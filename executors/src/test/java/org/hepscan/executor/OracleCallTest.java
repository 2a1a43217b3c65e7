package org.hepscan.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hepscan.oracle.Evaluation;
import org.hepscan.oracle.Oracle;
import org.hepscan.oracle.Point;
import org.hepscan.oracle.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A task's slice of calls: one call thread for the slice, and what a call given up or a task stopped does to the rest. */
class OracleCallTest {
  @TempDir
  Path dir;

  private List<Evaluation> run(Oracle oracle, int n, Duration timeout) throws InterruptedException {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(new Point(i, 1, "random", new double[] {i}));
    }
    return OracleCall.run(oracle, points,
        p -> new SandboxContext(dir, "point-" + p.id(), timeout, LoggerFactory.getLogger(OracleCallTest.class), false),
        List.of("O"), "test");
  }

  @Test
  void theCallsOfASliceRunOneAfterAnotherOnOneCallThread() throws Exception {
    Map<Long, Thread> threads = new ConcurrentHashMap<>();
    List<Evaluation> out = run((p, c) -> {
      threads.put(p.id(), Thread.currentThread());
      return Evaluation.ok(p, Map.of("O", p.values()[0]));
    }, 6, Duration.ofSeconds(30));
    assertEquals(6, out.size());
    for (int i = 0; i < 6; i++) {
      assertEquals(i, out.get(i).id(), "in the slice's order");
      assertEquals(Status.OK, out.get(i).status());
      assertEquals("test", out.get(i).executor());
      assertTrue(out.get(i).seconds() >= 0);
    }
    assertEquals(1, threads.values().stream().distinct().count(), "no hand-off per call: " + threads);
    assertNotEquals(Thread.currentThread(), threads.get(0L), "but not the caller's: a hung call must not hold the task");
  }

  @Test
  void aCallGivenUpAtItsTimeoutLeavesTheRestOfTheSliceToAFreshThread() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Map<Long, Thread> threads = new ConcurrentHashMap<>();
    AtomicReference<Path> stubbornSandbox = new AtomicReference<>();
    List<Evaluation> out = run((p, c) -> {
      threads.put(p.id(), Thread.currentThread());
      if (p.id() == 1) {
        stubbornSandbox.set(c.sandbox());
        while (true) {
          try {
            if (release.await(10, TimeUnit.SECONDS)) {
              break;
            }
          } catch (InterruptedException ignored) {
            // carries on, as badly behaved code does
          }
        }
      }
      return Evaluation.ok(p, Map.of("O", 1.0));
    }, 4, Duration.ofMillis(300));
    try {
      assertEquals(List.of(Status.OK, Status.TIMEOUT, Status.OK, Status.OK), out.stream().map(Evaluation::status).toList());
      assertTrue(out.get(1).message().contains("no answer within 0.3 s"), out.get(1).message());
      assertTrue(out.get(1).seconds() >= 0.3, "stopped at its timeout, not before: " + out.get(1).seconds());
      assertEquals(threads.get(0L), threads.get(1L));
      assertNotEquals(threads.get(1L), threads.get(2L), "the points after it go on without the thread it holds");
      assertEquals(threads.get(2L), threads.get(3L));
      assertEquals(1, OracleCall.abandoned(), "the call is still running");
      assertTrue(Files.exists(stubbornSandbox.get()), "its working directory is not pulled from under it");
    } finally {
      release.countDown();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((OracleCall.abandoned() > 0 || Files.exists(stubbornSandbox.get())) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, OracleCall.abandoned());
    assertFalse(Files.exists(stubbornSandbox.get()), "removed once the call ended");
  }

  @Test
  void aStoppedTaskStartsNoFurtherCallAndRemovesTheSandboxOfTheOneUnderWay() throws Exception {
    Map<Long, Path> started = new ConcurrentHashMap<>();
    CountDownLatch inSecond = new CountDownLatch(1);
    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread task = new Thread(() -> {
      try {
        run((p, c) -> {
          Path s = c.sandbox();
          Files.writeString(s.resolve("out.txt"), "O 1");
          started.put(p.id(), s);
          if (p.id() == 1) {
            inSecond.countDown();
            Thread.sleep(60_000); // until the task is stopped
          }
          return Evaluation.ok(p, Map.of("O", 1.0));
        }, 4, Duration.ofSeconds(120));
        ended.set(new AssertionError("the slice returned"));
      } catch (Throwable t) {
        ended.set(t);
      }
    });
    task.start();
    assertTrue(inSecond.await(20, TimeUnit.SECONDS));
    task.interrupt();
    task.join(20_000);
    assertTrue(ended.get() instanceof InterruptedException, "the task sees its interruption: " + ended.get());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (Files.exists(started.get(1L)) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(Files.exists(started.get(1L)), "the interrupted call's sandbox is removed");
    Thread.sleep(200);
    assertEquals(List.of(0L, 1L), started.keySet().stream().sorted().toList(), "no call after the stop");
  }
}
